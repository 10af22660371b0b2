// Optimistic concurrency at the service level on a real libSQL file: of many batches made against
// one version exactly one commits; every loser is a 409 carrying the current version, and the
// stored body holds the winner's change only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hosts } from '../../db/schema';
import { AppError } from '../../errors';
import { memoryDeps } from '../../testing/memory-deps';
import { createTopology } from './create';
import { mutateTopology } from './mutate';
import { loadTopology } from './store';

const dir = mkdtempSync(join(tmpdir(), 'decnet-topo-mutate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mutateTopology', () => {
  it('lets exactly one of eight concurrent batches on the same version commit', async () => {
    const deps = await memoryDeps({}, { now: Date.now() }, `file:${join(dir, 'cp.db')}`);
    await deps.db.insert(hosts).values({ id: 'h1', name: 'h1', status: 'active', createdAtMs: 0 });
    const t = await createTopology(deps, {
      name: 'race', hostId: 'h1',
      lans: [{ name: 'dmz', subnet: '10.90.0.0/24', dmz: true, pos: { x: 0, y: 0 } }],
      deckies: [{ name: 'race-a', services: ['ssh'], serviceConfig: {}, homes: [{ lan: 'dmz', ip: '10.90.0.2' }], forwards: false, pos: { x: 0, y: 0 } }],
    });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        mutateTopology(deps, t.id, { version: 0, trigger: 'test', ops: [{ op: 'add_decky', decky: { name: `race-n${i}`, services: ['ssh'], serviceConfig: {}, homes: [{ lan: 'dmz', ip: `10.90.0.${10 + i}` }], forwards: false, pos: { x: 0, y: 0 } } }] }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    for (const l of lost) {
      expect(l.reason).toBeInstanceOf(AppError);
      expect(l.reason).toMatchObject({ code: 'conflict', details: { currentVersion: 1 } });
    }
    const stored = await loadTopology(deps, t.id);
    expect(stored.row.version).toBe(1);
    expect(stored.body.deckies.map((d) => d.name).filter((n) => n.startsWith('race-n'))).toHaveLength(1);
  });
});
