// The webhook outbox contract: producers append `factStatements(facts)` to their own batch or
// transaction, so a fact and its notification commit together; the deterministic fact id makes a
// second write of the same fact a no-op (ON CONFLICT DO NOTHING): none lost, none twice.
import { FACT_PAYLOAD_MAX_BYTES, factSchema, type Fact } from '@decnet/protocol';
import { sql } from 'drizzle-orm';
import { q, type RawSql } from '../../db/raw-sql';
import type { Db } from '../../db/types';

/** Rows per INSERT (6 parameters each) under D1's 100-parameter limit. */
const ROWS_PER_STATEMENT = 16;

/** Bounded JSON: an oversized payload is replaced by a marker rather than refused. */
export function payloadJson(payload: Fact['payload']): string {
  const text = JSON.stringify(payload);
  return text.length <= FACT_PAYLOAD_MAX_BYTES ? text : JSON.stringify({ truncated: true, bytes: text.length });
}

/** INSERT ... ON CONFLICT(id) DO NOTHING into the outbox, multi-row, to append to a batch. */
export function factStatements(facts: Fact[], nowMs: number = Date.now()): RawSql[] {
  const out: RawSql[] = [];
  for (let i = 0; i < facts.length; i += ROWS_PER_STATEMENT) {
    const rows = facts.slice(i, i + ROWS_PER_STATEMENT).map((f) => {
      const v = factSchema.parse(f);
      return q`(${v.id}, ${v.topic}, ${v.type}, ${v.ts}, ${payloadJson(v.payload)}, ${nowMs})`;
    });
    out.push(q`INSERT INTO webhook_outbox (id, topic, type, ts_ms, payload_json, created_at_ms) VALUES ${q.join(rows)} ON CONFLICT(id) DO NOTHING`);
  }
  return out;
}

/** The same statements as drizzle queries, for `db.batch([...yours, ...factQueries(db, facts)])`. */
export function factQueries(db: Db, facts: Fact[], nowMs: number = Date.now()) {
  return factStatements(facts, nowMs).map((s) => db.run(rawToDrizzle(s)));
}

/** Inside a drizzle transaction (`db.transaction(async (tx) => { ...; await publishFacts(tx, facts) })`). */
export async function publishFacts(tx: Pick<Db, 'run'>, facts: Fact[], nowMs: number = Date.now()): Promise<void> {
  for (const s of factStatements(facts, nowMs)) await tx.run(rawToDrizzle(s));
}

/** A RawSql statement as a drizzle query of `db`, for callers that batch drizzle queries. */
export function rawQuery(db: Pick<Db, 'run'>, s: RawSql) {
  return db.run(rawToDrizzle(s));
}

function rawToDrizzle(s: RawSql) {
  const parts = s.text.split('?');
  const chunks = sql.empty();
  parts.forEach((p, i) => {
    chunks.append(sql.raw(p));
    if (i < s.args.length) chunks.append(sql`${s.args[i]}`);
  });
  return chunks;
}
