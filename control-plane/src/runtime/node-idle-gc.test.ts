// The idle collection runs for real in this process's V8 heap: garbage promoted to the old
// generation stays counted in the heap until a full GC, which the watch must run once it is quiet,
// and the young generation the burst grew must shrink back.
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { startIdleGc } from './node-idle-gc';

const MB = 1024 * 1024;
const youngGeneration = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size;

/** ~64 MB of objects that live long enough to be promoted (two scavenges), then become garbage. */
async function promotedGarbage(): Promise<void> {
  let keep: { n: number; s: string }[][] = [];
  for (let i = 0; i < 64; i++) keep.push(Array.from({ length: 16_000 }, (_, n) => ({ n, s: `garbage-${i}-${n}` })));
  await new Promise((r) => setTimeout(r, 200));
  keep = [];
  return;
}

describe('idle GC', () => {
  it('collects the garbage of a burst once the event loop is quiet, and only then', async () => {
    let released = 0;
    const watch = startIdleGc({ garbageBytes: 32 * 1024 * 1024, quietSeconds: 1, release: () => void released++ });
    try {
      await promotedGarbage();
      const before = getHeapStatistics().used_heap_size;
      const youngBefore = youngGeneration();
      expect(youngBefore).toBeGreaterThan(4 * MB); // the burst grew it (V8 starts it at 1 MB)
      const deadline = Date.now() + 15_000;
      while (watch.stats.collections === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(watch.stats.collections).toBe(1);
      expect(released).toBe(1); // the database's page caches, released with the collection
      expect(getHeapStatistics().used_heap_size).toBeLessThan(before - 32 * MB);
      // A plain forced GC leaves the young generation as the burst made it; the memory-reducing one shrinks it.
      expect(youngGeneration()).toBeLessThanOrEqual(2 * MB);
      // Nothing new to collect: a quiet process is left alone.
      await new Promise((r) => setTimeout(r, 2500));
      expect(watch.stats.collections).toBe(1);
    } finally {
      watch.stop();
    }
  }, 30_000);
});
