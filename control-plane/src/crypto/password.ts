// Password hashing with scrypt (RFC 7914) at OWASP's recommended cost N=2^14, r=8, p=5 (16 MiB).
// Pure JS (@noble/hashes), so the same hashes verify on Node and on Workers; the Node entry may
// plug in a native scrypt that yields identical bytes (see runtime/node-scrypt.ts).
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { base64ToBytes, bytesToBase64, timingSafeEqual } from './encoding';

export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}
export const DEFAULT_SCRYPT: ScryptParams = { logN: 14, r: 8, p: 5 };
const KEY_LEN = 32;
/** Longer inputs are refused before hashing so a huge password cannot burn CPU. */
export const MAX_PASSWORD_BYTES = 1024;

export type ScryptFn = (password: Uint8Array, salt: Uint8Array, p: ScryptParams, keyLen: number) => Promise<Uint8Array>;

export const nobleScrypt: ScryptFn = (password, salt, p, keyLen) =>
  scryptAsync(password, salt, { N: 2 ** p.logN, r: p.r, p: p.p, dkLen: keyLen, maxmem: 2 ** 30 });

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

export function createPasswordHasher(scrypt: ScryptFn = nobleScrypt, params = DEFAULT_SCRYPT): PasswordHasher {
  const enc = new TextEncoder();
  return {
    async hash(password) {
      const salt = crypto.getRandomValues(new Uint8Array(16));
      const dk = await scrypt(enc.encode(password), salt, params, KEY_LEN);
      return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${bytesToBase64(salt)}$${bytesToBase64(dk)}`;
    },
    async verify(password, stored) {
      const m = PHC.exec(stored);
      if (!m) return false;
      const p = { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
      if (p.logN < 10 || p.logN > 20 || p.r < 1 || p.r > 16 || p.p < 1 || p.p > 16) return false;
      const expected = base64ToBytes(m[5]!);
      const dk = await scrypt(enc.encode(password), base64ToBytes(m[4]!), p, expected.length);
      return timingSafeEqual(dk, expected);
    },
  };
}
