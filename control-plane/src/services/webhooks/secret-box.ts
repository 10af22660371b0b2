// Webhook secrets at rest: AES-256-GCM (WebCrypto, both runtimes) under a key derived with HKDF from
// DECNET_SECRET_KEY, or from the JWT secret when that is unset. Stored as `v1.<iv>.<ciphertext>`.
import { base64ToBytes, bytesToBase64, bytesToHex } from '@decnet/protocol';

const enc = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function keyFor(material: string): Promise<CryptoKey> {
  let k = keys.get(material);
  if (!k) {
    k = crypto.subtle
      .importKey('raw', enc.encode(material), 'HKDF', false, ['deriveKey'])
      .then((base) => crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: enc.encode('decnet-webhooks'), info: enc.encode('subscription-secret-v1') }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']));
    keys.set(material, k);
  }
  return k;
}

export async function sealSecret(material: string, secret: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await keyFor(material), enc.encode(secret)));
  return `v1.${bytesToBase64(iv)}.${bytesToBase64(ct)}`;
}

/** Throws when the key is not the one the secret was sealed with (GCM authentication). */
export async function openSecret(material: string, sealed: string): Promise<string> {
  const [v, ivText, ctText] = sealed.split('.');
  const iv = ivText ? base64ToBytes(ivText) : null;
  const ct = ctText ? base64ToBytes(ctText) : null;
  if (v !== 'v1' || !iv || !ct) throw new Error('malformed sealed secret');
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: iv as Uint8Array<ArrayBuffer> }, await keyFor(material), ct as Uint8Array<ArrayBuffer>);
  return new TextDecoder().decode(plain);
}

/** A new random subscription secret (32 bytes, hex), shown once. */
export function newSecret(): string {
  return `whsec_${bytesToHex(crypto.getRandomValues(new Uint8Array(32)))}`;
}
