// Deterministic pseudo-randomness from the persona seed: FNV-1a hashing plus mulberry32, so every
// decky gets stable but distinct PIDs, counters and hashes (detectability D1/D9), and tests are reproducible.

export function hash32(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h >>> 0;
}

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

export function makeRng(seed: string | number): Rng {
  let a = typeof seed === 'number' ? seed >>> 0 : hash32(seed);
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from empty list');
      return item;
    },
  };
}

/** Hex string of `bytes` bytes derived from a seed (machine-id, fake hashes, host keys). */
export function seededHex(seed: string, bytes: number): string {
  const rng = makeRng(seed);
  let out = '';
  for (let i = 0; i < bytes; i++) out += rng.int(0, 255).toString(16).padStart(2, '0');
  return out;
}

const B64ISH = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** crypt(3)-alphabet string, used for believable /etc/shadow hashes. */
export function seededCrypt(seed: string, length: number): string {
  const rng = makeRng(seed);
  let out = '';
  for (let i = 0; i < length; i++) out += B64ISH[rng.int(0, B64ISH.length - 1)] ?? '.';
  return out;
}
