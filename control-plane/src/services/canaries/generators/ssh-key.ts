// A real OpenSSH ed25519 private key (openssh-key-v1, unencrypted; PROTOCOL.key in OpenSSH), made
// with WebCrypto so it works on Node and Workers; `ssh-keygen -y` derives its public key.
import { bytesToBase64 } from '@decnet/protocol';
import { sha256 } from '@noble/hashes/sha2.js';

const enc = new TextEncoder();

function u32(n: number): Uint8Array {
  return new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}
function sshString(b: Uint8Array | string): Uint8Array {
  const bytes = typeof b === 'string' ? enc.encode(b) : b;
  return concat([u32(bytes.length), bytes]);
}
function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export interface SshKey {
  privateKey: string;
  publicKey: string;
  /** OpenSSH's fingerprint of the public key ("SHA256:" + unpadded base64), as the ssh template logs offered keys. */
  fingerprint: string;
}

/** `ssh-keygen -lf` form: SHA-256 of the public key blob, base64 without padding. */
export function sshKeyFingerprint(pubBlob: Uint8Array): string {
  return `SHA256:${bytesToBase64(sha256(pubBlob)).replace(/=+$/, '')}`;
}

export async function ed25519OpenSshKey(comment: string): Promise<SshKey> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const pub = new Uint8Array((await crypto.subtle.exportKey('raw', pair.publicKey)) as ArrayBuffer);
  // PKCS#8 of Ed25519 (RFC 8410): the 32-byte seed is the DER's last 32 bytes.
  const pkcs8 = new Uint8Array((await crypto.subtle.exportKey('pkcs8', pair.privateKey)) as ArrayBuffer);
  const seed = pkcs8.slice(pkcs8.length - 32);
  const pubBlob = concat([sshString('ssh-ed25519'), sshString(pub)]);
  const check = crypto.getRandomValues(new Uint8Array(4));
  let priv = concat([check, check, sshString('ssh-ed25519'), sshString(pub), sshString(concat([seed, pub])), sshString(comment)]);
  const pad: number[] = [];
  for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) pad.push(i);
  priv = concat([priv, new Uint8Array(pad)]);
  const blob = concat([enc.encode('openssh-key-v1\0'), sshString('none'), sshString('none'), sshString(''), u32(1), sshString(pubBlob), sshString(priv)]);
  const b64 = bytesToBase64(blob);
  const lines = b64.match(/.{1,70}/g) ?? [];
  return {
    privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`,
    publicKey: `ssh-ed25519 ${bytesToBase64(pubBlob)} ${comment}`,
    fingerprint: sshKeyFingerprint(pubBlob),
  };
}
