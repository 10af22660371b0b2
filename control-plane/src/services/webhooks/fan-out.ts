// Fan-out: turns outbox facts not yet fanned into one pending delivery per matching enabled
// subscription, in outbox order, then moves the watermark (webhook_fanout_state) past them: the
// facts above it are the ones not yet fanned, since a later commit always has higher seqs.
// Idempotent (UNIQUE(subscription_id, fact_id), the watermark only grows), so instances running it
// at once only repeat work, never duplicate deliveries.
import { normalizePattern, topicMatches } from '@decnet/protocol';
import { q, type RawSql } from '../../db/raw-sql';
import type { AppDeps } from '../../deps';

const FACTS_PER_ROUND = 1000;
const DELIVERY_COLUMNS = 6;

export async function fanOutOnce(deps: AppDeps, maxFacts = FACTS_PER_ROUND): Promise<number> {
  const now = deps.now();
  const [facts, subs] = await deps.rawBatch([
    q`SELECT seq, id, topic FROM webhook_outbox WHERE seq > (SELECT fanned_upto FROM webhook_fanout_state WHERE id = 1) ORDER BY seq LIMIT ${maxFacts}`,
    q`SELECT id, patterns_json FROM webhook_subscriptions WHERE enabled = 1`,
  ]);
  const rows = facts!.rows as [number, string, string][];
  if (rows.length === 0) return 0;
  const matchers = (subs!.rows as [string, string][]).map(([id, pj]) => ({ id, patterns: (JSON.parse(pj) as string[]).map(normalizePattern) }));
  const tuples: RawSql[] = [];
  for (const [seq, factId, topic] of rows) {
    for (const m of matchers) {
      if (m.patterns.some((p) => topicMatches(p, topic))) tuples.push(q`(${m.id}, ${seq}, ${factId}, ${now}, ${now}, ${now})`);
    }
  }
  const perStatement = Math.max(1, Math.min(500, Math.floor(deps.sqlParamLimit / DELIVERY_COLUMNS)));
  const statements: RawSql[] = [];
  for (let i = 0; i < tuples.length; i += perStatement) {
    statements.push(q`INSERT INTO webhook_deliveries (subscription_id, fact_seq, fact_id, next_attempt_ms, created_at_ms, updated_at_ms)
      VALUES ${q.join(tuples.slice(i, i + perStatement))} ON CONFLICT(subscription_id, fact_id) DO NOTHING`);
  }
  // The selected rows are every fact in (watermark, last]: later facts get higher seqs.
  statements.push(q`UPDATE webhook_fanout_state SET fanned_upto = max(fanned_upto, ${rows.at(-1)![0]}) WHERE id = 1`);
  await deps.rawBatch(statements);
  return rows.length;
}

/** Fans out until the outbox has nothing unfanned (bounded rounds). */
export async function fanOut(deps: AppDeps, maxRounds = 20): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxRounds; i++) {
    const n = await fanOutOnce(deps);
    total += n;
    if (n < FACTS_PER_ROUND) break;
  }
  return total;
}
