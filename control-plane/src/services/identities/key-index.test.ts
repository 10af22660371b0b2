// A full run rebuilds identity_keys' attacker index after its rows (key-index.ts): the index it
// creates is migration 0017's, word for word, and lookups by attacker use it after the run.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { q } from '../../db/raw-sql';
import { memoryDeps } from '../../testing/memory-deps';
import { KEYS_ATTACKER_INDEX_SQL } from './key-index';
import { runIdentities } from './run';

const indexSql = q`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'identity_keys_attacker_idx'`;

describe('identity key index rebuild', () => {
  it('recreates the migration’s attacker index, used by lookups, with every key in place', async () => {
    expect(readFileSync(new URL('../../../drizzle/0017_identity_incremental.sql', import.meta.url), 'utf8')).toContain(`${KEYS_ATTACKER_INDEX_SQL};`);
    const deps = await memoryDeps();
    const [before] = await deps.rawBatch([indexSql]);
    const st = [];
    for (let i = 0; i < 6; i++) {
      const id = `a${i}`;
      st.push(q`INSERT INTO attackers (id, ip, first_seen_ms, last_seen_ms, event_count) VALUES (${id}, ${`203.0.113.${i}`}, 1, 2, 1)`);
      st.push(q`INSERT INTO attacker_fingerprints (attacker_id, kind, value, first_seen_ms, last_seen_ms, count) VALUES (${id}, 'hassh', ${i < 3 ? 'a'.repeat(32) : 'b'.repeat(32)}, 1, 1, 1)`);
    }
    await deps.rawBatch(st);
    expect((await runIdentities(deps, { force: true })).mode).toBe('full');
    const [after, rows, plan] = await deps.rawBatch([indexSql, q`SELECT attacker_id, key FROM identity_keys ORDER BY 1`, q`EXPLAIN QUERY PLAN SELECT key FROM identity_keys WHERE attacker_id = 'a1'`]);
    expect(before!.rows).toEqual([[KEYS_ATTACKER_INDEX_SQL]]);
    expect(after!.rows).toEqual(before!.rows);
    expect(rows!.rows).toEqual(Array.from({ length: 6 }, (_, i) => [`a${i}`, `fp:hassh:${(i < 3 ? 'a' : 'b').repeat(32)}`]));
    expect(JSON.stringify(plan!.rows)).toContain('identity_keys_attacker_idx');
  });
});
