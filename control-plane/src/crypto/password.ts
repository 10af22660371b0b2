// Password hashing with scrypt (RFC 7914) at OWASP's recommended cost N=2^14, r=8, p=5 (16 MiB).
// The scrypt primitive is injected by the runtime entry: Node's node:crypto, or workerd's native
// node:crypto under nodejs_compat; both give identical bytes, so hashes move between runtimes.
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

/** The callback signature of node:crypto's scrypt (Node and workerd's nodejs_compat share it). */
export type NodeStyleScrypt = (
  password: Uint8Array,
  salt: Uint8Array,
  keyLen: number,
  options: { N: number; r: number; p: number; maxmem: number },
  callback: (err: Error | null, key: Uint8Array) => void,
) => void;

/** Adapts node:crypto's scrypt without importing it here (this module stays runtime-neutral). */
export function fromNodeScrypt(scrypt: NodeStyleScrypt): ScryptFn {
  return (password, salt, p, keyLen) =>
    new Promise((ok, fail) =>
      scrypt(password, salt, keyLen, { N: 2 ** p.logN, r: p.r, p: p.p, maxmem: 256 * 1024 * 1024 }, (err, key) =>
        err ? fail(err) : ok(new Uint8Array(key)),
      ),
    );
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

export function createPasswordHasher(scrypt: ScryptFn, params = DEFAULT_SCRYPT): PasswordHasher {
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
