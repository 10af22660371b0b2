// DECNET's random service choice (decnet/fleet builder and mutator/engine.py): 1 to 3 distinct
// services from a pool, trying up to 20 times for a set not seen before (or different from now).
export function sample<T>(pool: readonly T[], count: number, random: () => number): T[] {
  const a = [...pool];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, count);
}

const keyOf = (services: readonly string[]): string => [...services].sort().join(',');

/** 1-3 services from `pool`, avoiding the sets in `avoid` when it can (20 attempts, as DECNET). */
export function pickServices(pool: readonly string[], random: () => number, avoid: ReadonlySet<string> = new Set()): string[] {
  if (pool.length === 0) return [];
  let chosen: string[] = [];
  for (let attempt = 1; attempt <= 20; attempt++) {
    const count = 1 + Math.floor(random() * Math.min(3, pool.length));
    chosen = sample(pool, count, random);
    if (!avoid.has(keyOf(chosen))) break;
  }
  // Keep the pool's order: stable output for the same choice.
  return pool.filter((s) => chosen.includes(s));
}

export { keyOf as serviceSetKey };
