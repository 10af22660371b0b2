// The per-host deployment limit (issue 19) covers topology deckies, on a real libSQL file: creating,
// deploying or growing a topology past the host's limit is a 422 naming it, and standalone writes
// count the deckies of the host's deployed topologies (not those of one that is not deployed).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TopologyDecky } from '@decnet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hosts } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { memoryDeps } from '../../testing/memory-deps';
import { upsertDeckies } from '../deckies/write';
import { updateHostSettings } from '../fleet/settings';
import { createTopology } from './create';
import { deployTopology, teardownTopology } from './lifecycle';
import { mutateTopology } from './mutate';
import { loadTopology } from './store';

const dir = mkdtempSync(join(tmpdir(), 'decnet-topo-limit-'));
let deps: AppDeps;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  deps = await memoryDeps({}, { now: Date.now() }, `file:${join(dir, 'cp.db')}`);
  await deps.db.insert(hosts).values({ id: 'h1', name: 'h1', status: 'active', createdAtMs: 0 });
});

const decky = (name: string, ip: string): TopologyDecky => ({ name, services: ['ssh'], serviceConfig: {}, homes: [{ lan: 'dmz', ip }], forwards: false, pos: { x: 0, y: 0 } });
const body = (name: string, n: number, net: number) => ({
  name, hostId: 'h1',
  lans: [{ name: 'dmz', subnet: `10.91.${net}.0/24`, dmz: true, pos: { x: 0, y: 0 } }],
  deckies: Array.from({ length: n }, (_, i) => decky(`${name}-${i}`, `10.91.${net}.${10 + i}`)),
});
const limitError = (wouldRun: number, limit: number) =>
  expect.objectContaining({ code: 'validation_failed', message: expect.stringContaining(`The host would run ${wouldRun} deckies, more than its limit of ${limit}`) });

describe('deployment limit with topologies', () => {
  it('refuses topology creates, deploys and mutations past the host limit, and counts deployed topology deckies for standalone writes', async () => {
    await upsertDeckies(deps, 'h1', [{ name: 'solo-1', services: ['ssh'], serviceConfig: {} }]);
    await updateHostSettings(deps, 'h1', { maxDeckies: 3 });

    // 1 standalone + 3 in the topology > 3.
    await expect(createTopology(deps, body('big', 3, 1))).rejects.toEqual(limitError(4, 3));
    const t = await createTopology(deps, body('lim', 2, 2));

    // Created under a looser limit, deployed under a tighter one.
    await updateHostSettings(deps, 'h1', { maxDeckies: 2 });
    await expect(deployTopology(deps, t.id)).rejects.toEqual(limitError(3, 2));
    expect((await loadTopology(deps, t.id)).row.status).toBe('pending');
    await updateHostSettings(deps, 'h1', { maxDeckies: 3 });
    expect((await deployTopology(deps, t.id)).status).toBe('deploying');

    // A live add_decky past the limit: 422, nothing stored.
    await expect(mutateTopology(deps, t.id, { version: 0, trigger: 'test', ops: [{ op: 'add_decky', decky: decky('lim-9', '10.91.2.99') }] })).rejects.toEqual(limitError(4, 3));
    expect((await loadTopology(deps, t.id)).body.deckies).toHaveLength(2);

    // Standalone writes count the deployed topology's two deckies.
    await expect(upsertDeckies(deps, 'h1', [{ name: 'solo-2', services: ['ssh'], serviceConfig: {} }])).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringContaining('at most 3 deckies (this would make 4)') });
    // Torn down, its deckies no longer run: the standalone write fits.
    await teardownTopology(deps, t.id);
    await expect(upsertDeckies(deps, 'h1', [{ name: 'solo-2', services: ['ssh'], serviceConfig: {} }])).resolves.toHaveLength(1);
  });
});
