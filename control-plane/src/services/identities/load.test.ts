// selectIn over a real libSQL file: on a local file (a native connection present) the ids go in
// statements of 1,000 with a turn of the event loop between them, and the rows are the same as the
// one round trip a remote driver gets; a full load of features reads by id there, with the same result.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { q } from '../../db/raw-sql';
import { memoryDeps } from '../../testing/memory-deps';
import { loopTurnsDuring, nativeSql } from '../../testing/native';
import { loadFeatures, selectIn } from './load';

const dir = mkdtempSync(join(tmpdir(), 'decnet-identity-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('selectIn', () => {
  it('reads 2,500 ids on a local file in short statements, with the event loop turning between them', async () => {
    const file = join(dir, 'load.db');
    const remote = await memoryDeps({}, { now: 0 }, `file:${file}`);
    const ids = Array.from({ length: 2500 }, (_, i) => `a${String(i).padStart(5, '0')}`);
    await remote.rawBatch(ids.map((id, i) => q`INSERT INTO attackers (id, ip, first_seen_ms, last_seen_ms) VALUES (${id}, ${`10.0.${i >> 8}.${i & 255}`}, ${i}, ${i})`));
    const syncSql = nativeSql(`file:${file}`);
    const local = { ...remote, syncSql };

    const wanted = ids.filter((_, i) => i % 2 === 0);
    const { out: got, turns } = await loopTurnsDuring(() => selectIn(local, 'SELECT id, first_seen_ms FROM attackers', 'id', wanted, 'ORDER BY id'));
    const once = await selectIn(remote, 'SELECT id, first_seen_ms FROM attackers', 'id', wanted, 'ORDER BY id');

    expect(got).toHaveLength(1250);
    expect(got).toEqual(once);
    expect(got[1]).toEqual(['a00002', 2]);
    // Two statements (1,000 + 250 ids) and a turn between them; the remote read took none of its own.
    expect(turns).toBeGreaterThanOrEqual(2);
    syncSql.close();
  });

  it('loads every attacker\'s features by id on a local file, as the one full read does', async () => {
    const file = join(dir, 'features.db');
    const remote = await memoryDeps({}, { now: 0 }, `file:${file}`);
    const n = 2300;
    const ip = (i: number) => `10.1.${i >> 8}.${i & 255}`;
    await remote.rawBatch([
      ...Array.from({ length: n }, (_, i) => q`INSERT INTO attackers (id, ip, first_seen_ms, last_seen_ms) VALUES (${`b${String(n - i).padStart(5, '0')}`}, ${ip(i)}, ${i * 1000}, ${i * 1000 + 500})`),
      ...Array.from({ length: 400 }, (_, i) => q`INSERT INTO attacker_fingerprints (attacker_id, kind, value, first_seen_ms, last_seen_ms, count) VALUES (${`b${String(n - i * 5).padStart(5, '0')}`}, 'hassh', ${`h${i % 7}`}, 0, 0, 1)`),
      ...Array.from({ length: 300 }, (_, i) => q`INSERT INTO sessions (id, attacker_id, src_ip, decky, service, started_at_ms, last_seen_ms, event_count, command_count, commands_json)
        VALUES (${`s${i}`}, ${`b${String(n - i * 7).padStart(5, '0')}`}, ${ip(i * 7)}, 'web-01', 'ssh', ${i}, ${i}, 3, 1, ${JSON.stringify([{ ts: '2026-01-01T00:00:00Z', cmd: `wget http://203.0.113.${i % 5}/x` }])})`),
    ]);
    const syncSql = nativeSql(`file:${file}`);
    const byId = <F extends { id: string }>(fs: F[]) => [...fs].sort((a, b) => a.id.localeCompare(b.id));
    const local = byId(await loadFeatures({ ...remote, syncSql }));
    expect(local).toHaveLength(n);
    expect(local.filter((f) => f.fingerprints.hassh?.length)).toHaveLength(400);
    expect(local.filter((f) => f.infra.length)).toHaveLength(300);
    expect(local).toEqual(byId(await loadFeatures(remote)));
    syncSql.close();
  });
});
