// Memory accounting of a persona at an instant: one function feeds /proc/meminfo, `free` and `top`,
// so they agree with each other and drift over time instead of being static (detectability D4).

import type { ShellPersona } from '../persona';
import { hash32, makeRng } from './rng';

export interface MemStats {
  totalKb: number;
  freeKb: number;
  availableKb: number;
  buffersKb: number;
  cachedKb: number;
  sReclaimableKb: number;
  sUnreclaimKb: number;
  sharedKb: number;
  usedKb: number;
  swapTotalKb: number;
  swapFreeKb: number;
}

export function memStats(persona: ShellPersona, nowMs: number): MemStats {
  const total = Math.max(65_536, Math.floor(persona.memTotalKb));
  const rng = makeRng(`${persona.seed}:mem`);
  const usedFrac = 0.09 + rng.next() * 0.2;
  const buffers = Math.floor(total * (0.008 + rng.next() * 0.02));
  const cached = Math.floor(total * (0.12 + rng.next() * 0.25));
  const sReclaimable = Math.floor(total * (0.015 + rng.next() * 0.015));
  const sUnreclaim = Math.floor(total * (0.008 + rng.next() * 0.006));
  const shared = 900 + Math.floor(rng.next() * 2400);
  const swapTotal = rng.next() < 0.5 ? 0 : rng.next() < 0.6 ? 2_097_148 : 4_194_300;
  const tick = Math.floor(nowMs / 5000);
  const jitter = (hash32(`${persona.seed}:${tick}`) % 6000) - 3000;
  const grow = Math.floor(((nowMs - persona.bootedAtMs) / 86_400_000) * 600);
  const used = Math.min(Math.floor(total * usedFrac) + jitter + Math.min(grow, total * 0.05), total * 0.6);
  const cache = Math.min(cached + Math.min(grow * 2, total * 0.1), total * 0.3);
  const free = Math.max(16_384, Math.floor(total - used - buffers - cache - sReclaimable));
  const available = Math.min(total, Math.floor(free + (buffers + cache + sReclaimable) * 0.82));
  const swapUsed = swapTotal === 0 ? 0 : (hash32(persona.seed) % 4) * 256;
  return {
    totalKb: total,
    freeKb: free,
    availableKb: available,
    buffersKb: buffers,
    cachedKb: Math.floor(cache),
    sReclaimableKb: sReclaimable,
    sUnreclaimKb: sUnreclaim,
    sharedKb: shared,
    usedKb: total - free - buffers - Math.floor(cache) - sReclaimable,
    swapTotalKb: swapTotal,
    swapFreeKb: swapTotal - swapUsed,
  };
}
