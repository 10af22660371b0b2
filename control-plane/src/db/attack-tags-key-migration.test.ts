// Migration 0022 on a database that already holds tags: attack_tags is rebuilt without the primary
// key on `id`, keyed by (attacker, technique, session, rule) instead. Real libSQL file, the real
// migration folder up to 0021 first, then the whole folder as the product opens it.
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../runtime/node-database';
import { ATTACK_TAG_KEY } from './schema/attack-tags';

const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'decnet-tags-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The migration folder as it was before 0022 (its journal cut there). */
function foldersBefore0022(): string {
  const out = join(dir, 'drizzle-0021');
  cpSync(MIGRATIONS, out, { recursive: true });
  const journal = JSON.parse(readFileSync(join(out, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= 21);
  writeFileSync(join(out, 'meta/_journal.json'), JSON.stringify(journal));
  return out;
}

const tagRow = (attacker: string, session: string, rule: string, technique: string, count: number) =>
  `('${attacker}|${session}|${rule}|${technique}', '${attacker}', '${session}', NULL, 'web-01', 'ssh', '${rule}', 1, 'command', 'discovery', '${technique}', 0.8, '{}', 1000, 2000, ${count})`;

describe('migration 0022 (attack_tags keyed by attacker, technique, session, rule)', () => {
  it('keeps every tag, drops the id primary key, and upserts on the new key', async () => {
    const url = `file:${join(dir, 'cp.db')}`;
    const old = createClient({ url });
    await migrate(drizzle(old), { migrationsFolder: foldersBefore0022() });
    await old.execute(`INSERT INTO attack_tags (id, attacker_id, session_id, event_id, decky, service, rule_id, rule_version, source, tactic, technique_id, confidence, evidence_json, first_seen_ms, last_seen_ms, count) VALUES
      ${[tagRow('a1', 's1', 'R0001', 'T1082', 3), tagRow('a1', '', 'R0010', 'T1110.001', 7), tagRow('a2', 's2', 'R0001', 'T1082', 1)].join(', ')}`);
    old.close();

    const { client } = await openDatabase(url);
    try {
      const rows = await client.execute('SELECT id, attacker_id, session_id, rule_id, technique_id, count FROM attack_tags ORDER BY id');
      expect(rows.rows.map((r) => [r[0], Number(r[5])])).toEqual([
        ['a1|s1|R0001|T1082', 3],
        ['a1||R0010|T1110.001', 7],
        ['a2|s2|R0001|T1082', 1],
      ]);
      const indexes = (await client.execute(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'attack_tags' ORDER BY name`)).rows.map((r) => r[0]);
      expect(indexes).toEqual(['attack_tags_key_idx', 'attack_tags_last_seen_idx', 'attack_tags_technique_idx']);
      // The ingest upsert's conflict target: the same key raises the count instead of adding a row.
      await client.execute(`INSERT INTO attack_tags (id, attacker_id, session_id, event_id, decky, service, rule_id, rule_version, source, tactic, technique_id, confidence, evidence_json, first_seen_ms, last_seen_ms, count)
        VALUES ${tagRow('a1', 's1', 'R0001', 'T1082', 2)} ON CONFLICT(${ATTACK_TAG_KEY}) DO UPDATE SET count = attack_tags.count + excluded.count`);
      const after = await client.execute(`SELECT count(*), sum(count) FROM attack_tags`);
      expect([Number(after.rows[0]![0]), Number(after.rows[0]![1])]).toEqual([3, 13]);
      // Reads by attacker go through the key index (its leading column).
      const plan = await client.execute(`EXPLAIN QUERY PLAN SELECT * FROM attack_tags WHERE attacker_id IN ('a1', 'a2') ORDER BY last_seen_ms DESC LIMIT 10`);
      expect(plan.rows.map((r) => String(r[3])).join('\n')).toContain('attack_tags_key_idx');
    } finally {
      client.close();
    }
  });
});
