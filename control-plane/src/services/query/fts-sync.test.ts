// Full-text backlog indexing over a real libSQL file: every event is indexed once, and on a local
// file in chunks of 5,000 with a turn of the event loop between them (so requests keep being
// answered while a backlog is indexed).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { q } from '../../db/raw-sql';
import { memoryDeps } from '../../testing/memory-deps';
import { loopTurnsDuring, nativeSql } from '../../testing/native';
import { syncFts } from './fts-sync';

const dir = mkdtempSync(join(tmpdir(), 'decnet-fts-sync-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withEvents(name: string, n: number) {
  const file = join(dir, `${name}.db`);
  const deps = await memoryDeps({}, { now: 0 }, `file:${file}`);
  await deps.rawBatch([
    q`WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ${n})
      INSERT INTO events (id, host_id, ts_ms, received_at_ms, decky, service, event_type, fields_json, raw)
      SELECT 'e' || i, 'h', i, i, 'web-01', 'ssh', 'command', '{}', 'cmd wget http://203.0.113.' || (i % 7) || '/x.sh n' || i FROM k`,
  ]);
  return { file, deps };
}

const matches = async (deps: Awaited<ReturnType<typeof memoryDeps>>, phrase: string) =>
  Number((await deps.rawBatch([q`SELECT count(*) FROM events_fts WHERE events_fts MATCH ${phrase}`]))[0]!.rows[0]![0]);

describe('syncFts', () => {
  it('indexes a backlog of 12,000 events on a local file in short chunks, each once', async () => {
    const { file, deps } = await withEvents('local', 12_000);
    const syncSql = nativeSql(`file:${file}`);
    const local = { ...deps, syncSql };
    const { out: indexed, turns } = await loopTurnsDuring(() => syncFts(local));
    expect(indexed).toBe(12_000);
    expect(turns).toBeGreaterThanOrEqual(3); // chunks of 5,000, 5,000 and 2,000
    expect(await syncFts(local)).toBe(0);
    expect(await matches(deps, 'wget')).toBe(12_000);
    expect(await matches(deps, '"203.0.113.3/x.sh"')).toBe(1714);
    expect(await matches(deps, 'n11999')).toBe(1);
    syncSql.close();
  });

  it('indexes the same backlog through a remote driver', async () => {
    const { deps } = await withEvents('remote', 12_000);
    expect(await syncFts(deps)).toBe(12_000);
    expect(await matches(deps, 'wget')).toBe(12_000);
  });
});
