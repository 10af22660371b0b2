// The outbox contract on a real migrated libSQL database: a fact written twice (same batch or not)
// exists once; statements join the caller's atomic batch; drizzle transactions can publish too.
import { FactTopics, type Fact } from '@decnet/protocol';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { q } from '../../db/raw-sql';
import { memoryDeps } from '../../testing/memory-deps';
import { factQueries, factStatements, publishFacts } from './outbox';

const fact = (n: number): Fact => ({ id: `attacker.new:10.0.0.${n}`, topic: FactTopics.attackerNew, type: 'attacker.new', ts: 1000 + n, payload: { ip: `10.0.0.${n}` } });

describe('webhook outbox', () => {
  it('writes each fact once in the caller batch, in order, and rejects malformed facts', async () => {
    const deps = await memoryDeps();
    const facts = Array.from({ length: 40 }, (_, i) => fact(i));
    await deps.rawBatch([...factStatements(facts), ...factStatements(facts.slice(0, 5))]);
    await deps.rawBatch(factStatements(facts.slice(10, 20)));
    const rows = await deps.db.all<{ id: string; seq: number }>(sql`SELECT id, seq FROM webhook_outbox ORDER BY seq`);
    expect(rows.map((r) => r.id)).toEqual(facts.map((f) => f.id));
    expect(() => factStatements([{ ...fact(1), type: 'nope' as never }])).toThrow();
  });

  it('rolls back with the caller batch when another statement fails', async () => {
    const deps = await memoryDeps();
    await expect(deps.rawBatch([...factStatements([fact(1)]), q`INSERT INTO no_such_table VALUES (1)`])).rejects.toThrow();
    await deps.db.batch([deps.db.run(sql`SELECT 1`), ...factQueries(deps.db, [fact(2)])]);
    await deps.db.transaction(async (tx) => publishFacts(tx, [fact(3), fact(2)]));
    const rows = await deps.db.all<{ id: string; payload_json: string }>(sql`SELECT id, payload_json FROM webhook_outbox ORDER BY seq`);
    expect(rows.map((r) => r.id)).toEqual([fact(2).id, fact(3).id]);
    expect(JSON.parse(rows[0]!.payload_json)).toEqual({ ip: '10.0.0.2' });
  });
});
