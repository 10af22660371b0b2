// What the SSH server announces, derived from the persona's banner: the identification string
// (RFC 4253 §4.2) and KEXINIT algorithm lists in the order that OpenSSH build sends them (§7.1),
// limited to what ssh2 implements. Also OpenSSH's fixed limits (MaxAuthTries, LoginGraceTime).
import type { Algorithms, CipherAlgorithm, CompressionAlgorithm, KexAlgorithm, MacAlgorithm } from 'ssh2';

export const MAX_AUTH_TRIES = 6;
export const LOGIN_GRACE_MS = 120_000;
/** Auth methods OpenSSH lists with PasswordAuthentication yes and KbdInteractiveAuthentication no. */
export const AUTH_METHODS = ['publickey', 'password'] as const;

/** RFC 4253 §4.2: "SSH-protoversion-softwareversion SP comments"; ssh2 adds the "SSH-2.0-" itself. */
export function identOf(banner: string): string {
  const ident = banner.replace(/^SSH-2\.0-/, '').replace(/[\r\n]/g, '').slice(0, 200);
  return ident === '' ? 'OpenSSH_8.9p1' : ident;
}

function opensshVersion(ident: string): number | undefined {
  const m = /OpenSSH(?:_for_Windows)?_(\d+)\.(\d+)/.exec(ident);
  return m ? Number(m[1]) + Number(m[2]) / 10 : undefined;
}

const ETM_MACS: MacAlgorithm[] = ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha1-etm@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512', 'hmac-sha1'];
const CTR_FIRST_CIPHERS: CipherAlgorithm[] = ['chacha20-poly1305@openssh.com', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr', 'aes128-gcm@openssh.com', 'aes256-gcm@openssh.com'];
const ECDH: KexAlgorithm[] = ['curve25519-sha256', 'curve25519-sha256@libssh.org', 'ecdh-sha2-nistp256', 'ecdh-sha2-nistp384', 'ecdh-sha2-nistp521'];

/** KEXINIT lists for the announced build; `rhel` applies RHEL 9's DEFAULT crypto policy order. */
export function algorithmsFor(ident: string, rhel: boolean): Algorithms {
  if (ident.startsWith('Cisco')) {
    return { kex: ['diffie-hellman-group-exchange-sha1', 'diffie-hellman-group14-sha1'], cipher: ['aes128-ctr', 'aes192-ctr', 'aes256-ctr'], serverHostKey: ['ssh-rsa'], hmac: ['hmac-sha2-256', 'hmac-sha1'], compress: ['none'] };
  }
  const v = opensshVersion(ident) ?? 8.9;
  const compress: CompressionAlgorithm[] = ['none', 'zlib@openssh.com'];
  if (rhel && v >= 8 && v < 9) {
    return {
      kex: [...ECDH, 'diffie-hellman-group-exchange-sha256', 'diffie-hellman-group14-sha256', 'diffie-hellman-group16-sha512', 'diffie-hellman-group18-sha512'],
      cipher: ['aes256-gcm@openssh.com', 'chacha20-poly1305@openssh.com', 'aes256-ctr', 'aes128-gcm@openssh.com', 'aes128-ctr'],
      serverHostKey: ['rsa-sha2-256', 'rsa-sha2-512', 'ecdsa-sha2-nistp256', 'ssh-ed25519'],
      hmac: ['hmac-sha2-256-etm@openssh.com', 'hmac-sha1-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha2-256', 'hmac-sha1', 'hmac-sha2-512'],
      compress,
    };
  }
  if (v < 7.6) {
    return {
      kex: [...ECDH, 'diffie-hellman-group-exchange-sha256', 'diffie-hellman-group16-sha512', 'diffie-hellman-group18-sha512', 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group14-sha256', 'diffie-hellman-group14-sha1', 'diffie-hellman-group1-sha1'],
      cipher: CTR_FIRST_CIPHERS,
      serverHostKey: ['ssh-rsa', 'rsa-sha2-512', 'rsa-sha2-256', 'ecdsa-sha2-nistp256', 'ssh-ed25519'],
      hmac: ETM_MACS,
      compress,
    };
  }
  const legacySha1 = v < 8.8;
  return {
    kex: [...ECDH, 'diffie-hellman-group-exchange-sha256', 'diffie-hellman-group16-sha512', 'diffie-hellman-group18-sha512', 'diffie-hellman-group14-sha256', ...(legacySha1 && v < 8.2 ? (['diffie-hellman-group14-sha1'] as const) : [])],
    cipher: CTR_FIRST_CIPHERS,
    serverHostKey: ['rsa-sha2-512', 'rsa-sha2-256', ...(legacySha1 ? (['ssh-rsa'] as const) : []), 'ecdsa-sha2-nistp256', 'ssh-ed25519'],
    hmac: ETM_MACS,
    compress,
  };
}
