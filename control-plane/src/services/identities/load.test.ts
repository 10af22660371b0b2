// selectIn over a real libSQL file: on a local file (a native connection present) the ids go in
// statements of 1,000 with a turn of the event loop between them, and the rows are the same as the
// one round trip a remote driver gets.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { q } from '../../db/raw-sql';
import { openNative } from '../../runtime/node-database';
import { memoryDeps } from '../../testing/memory-deps';
import { selectIn } from './load';

const dir = mkdtempSync(join(tmpdir(), 'decnet-identity-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('selectIn', () => {
  it('reads 2,500 ids on a local file in short statements, with the event loop turning between them', async () => {
    const file = join(dir, 'load.db');
    const remote = await memoryDeps({}, { now: 0 }, `file:${file}`);
    const ids = Array.from({ length: 2500 }, (_, i) => `a${String(i).padStart(5, '0')}`);
    await remote.rawBatch(ids.map((id, i) => q`INSERT INTO attackers (id, ip, first_seen_ms, last_seen_ms) VALUES (${id}, ${`10.0.${i >> 8}.${i & 255}`}, ${i}, ${i})`));
    const syncSql = openNative(`file:${file}`);
    if (!syncSql) throw new Error('the native libSQL connection is unavailable');
    const local = { ...remote, syncSql };

    let turns = 0;
    let spinning = true;
    const spin = () => spinning && (turns++, setImmediate(spin));
    spin();
    const wanted = ids.filter((_, i) => i % 2 === 0);
    const got = await selectIn(local, 'SELECT id, first_seen_ms FROM attackers', 'id', wanted, 'ORDER BY id');
    spinning = false;
    const once = await selectIn(remote, 'SELECT id, first_seen_ms FROM attackers', 'id', wanted, 'ORDER BY id');

    expect(got).toHaveLength(1250);
    expect(got).toEqual(once);
    expect(got[1]).toEqual(['a00002', 2]);
    // Two statements (1,000 + 250 ids) and a turn between them; the remote read took none of its own.
    expect(turns).toBeGreaterThanOrEqual(2);
    syncSql.close();
  });
});
