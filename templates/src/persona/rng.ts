// Seeded randomness for persona derivation: a SHA-256 seed per decky and independent labelled
// streams (sfc32), so adding a draw in one area never shifts the values of another.
import { createHash } from 'node:crypto';

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Integer in [min, max], inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Pick with weights (same length as items; non-negative, not all zero). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  chance(p: number): boolean;
  /** `n` lowercase hex characters. */
  hex(n: number): string;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The persona seed: SHA-256 of the decky name and archetype (length-prefixed so fields cannot blur). */
export function personaSeed(deckyName: string, archetype: string | undefined): string {
  const a = archetype ?? '';
  return sha256Hex(`decnet-persona:v1:${deckyName.length}:${deckyName}|${a.length}:${a}`);
}

/** An independent stream for one aspect of the persona (`label` like "hostname" or "mac"). */
export function rngFor(seedHex: string, label: string): Rng {
  const d = createHash('sha256').update(`${seedHex}/${label}`, 'utf8').digest();
  let a = d.readUInt32LE(0);
  let b = d.readUInt32LE(4);
  let c = d.readUInt32LE(8);
  let ctr = d.readUInt32LE(12);
  // sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG).
  const next32 = (): number => {
    const t = (((a + b) >>> 0) + ctr) >>> 0;
    ctr = (ctr + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) next32();
  const next = (): number => next32() / 4294967296;
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    weighted: (items, weights) => {
      const total = weights.reduce((s, w) => s + w, 0);
      let r = next() * total;
      for (let i = 0; i < items.length; i++) {
        r -= weights[i] ?? 0;
        const item = items[i];
        if (r < 0 && item !== undefined) return item;
      }
      return rng.pick(items);
    },
    chance: (p) => next() < p,
    hex: (n) => {
      let out = '';
      while (out.length < n) out += next32().toString(16).padStart(8, '0');
      return out.slice(0, n);
    },
  };
  return rng;
}
