// Outbox retention (DECNET_WEBHOOK_RETENTION_DAYS, default 7, 0 = keep): delivered deliveries (the
// delivery log) and outbox facts older than the retention are deleted in bounded batches by the Node
// delivery loop and the Workers cron. Pending deliveries and dead letters keep their fact: a dead
// letter stays until it is re-delivered (then ages out as delivered) or its subscription is deleted.
import { q } from '../../db/raw-sql';
import type { AppDeps } from '../../deps';

export interface PruneResult {
  deliveries: number;
  facts: number;
}
export interface PruneLimits {
  /** Rows looked at per statement (per subscription for deliveries). */
  window: number;
  /** Statements of each kind per call. */
  rounds: number;
}

export const DEFAULT_RETENTION_MS = 7 * 86_400_000;
const DEFAULT_LIMITS: PruneLimits = { window: 1000, rounds: 10 };

/** Where this instance's outbox scan resumes: rows before it were old but still needed. */
let outboxCursor = 0;

/** `DECNET_WEBHOOK_RETENTION_DAYS`: a non-negative number of days (fractions allowed); 0 keeps everything. */
export function parseRetentionDays(value: string | undefined): number {
  const v = (value ?? '').trim();
  if (!v) return DEFAULT_RETENTION_MS;
  const days = Number(v);
  if (!Number.isFinite(days) || days < 0) throw new Error(`DECNET_WEBHOOK_RETENTION_DAYS must be a number of days >= 0, got "${v}"`);
  return Math.round(days * 86_400_000);
}

/**
 * One bounded pass. Deliveries: per subscription, a window of its delivered rows in fact order (the
 * queue index), the old ones deleted. Facts: a window of the outbox in `seq` order from the cursor;
 * fanned rows created before the cutoff that no delivery of an existing subscription references are
 * deleted. The cursor moves past old rows that must stay and wraps once the window reaches new ones.
 */
/** The fan-out watermark: facts at or below it have their deliveries. */
const FANNED_UPTO = q.raw('(SELECT fanned_upto FROM webhook_fanout_state WHERE id = 1)');

export async function pruneWebhooks(deps: AppDeps, retentionMs: number, limits: PruneLimits = DEFAULT_LIMITS): Promise<PruneResult> {
  const out: PruneResult = { deliveries: 0, facts: 0 };
  if (retentionMs <= 0) return out;
  const cutoff = deps.now() - retentionMs;
  const [subs] = await deps.rawBatch([q`SELECT id FROM webhook_subscriptions`]);
  const subIds = (subs!.rows as [string][]).map(([id]) => id);
  for (let round = 0, more = subIds.length > 0; round < limits.rounds && more; round++) {
    const res = await deps.rawBatch(
      subIds.map(
        (id) => q`DELETE FROM webhook_deliveries WHERE id IN (
          SELECT id FROM (SELECT id, delivered_at_ms FROM webhook_deliveries WHERE subscription_id = ${id} AND status = 'delivered' ORDER BY fact_seq LIMIT ${limits.window})
          WHERE delivered_at_ms < ${cutoff})`,
      ),
    );
    const n = res.reduce((a, r) => a + r.rowsAffected, 0);
    out.deliveries += n;
    more = res.some((r) => r.rowsAffected === limits.window);
  }
  for (let round = 0; round < limits.rounds; round++) {
    const from = outboxCursor;
    const [edge, del] = await deps.rawBatch([
      q`SELECT seq, created_at_ms < ${cutoff} AND seq <= ${FANNED_UPTO} FROM webhook_outbox WHERE seq > ${from} ORDER BY seq LIMIT 1 OFFSET ${limits.window - 1}`,
      q`DELETE FROM webhook_outbox WHERE seq IN (
          SELECT w.seq FROM (SELECT seq, created_at_ms FROM webhook_outbox WHERE seq > ${from} ORDER BY seq LIMIT ${limits.window}) w
          WHERE w.created_at_ms < ${cutoff} AND w.seq <= ${FANNED_UPTO}
            AND NOT EXISTS (SELECT 1 FROM webhook_subscriptions s JOIN webhook_deliveries d
              ON d.subscription_id = s.id AND d.status IN ('pending', 'dead', 'delivered') AND d.fact_seq = w.seq))`,
    ]);
    out.facts += del!.rowsAffected;
    const last = edge!.rows[0] as [number, number] | undefined;
    // The window reached the table's end or a row that is still recent: the next pass starts over.
    if (!last || !last[1]) {
      outboxCursor = 0;
      break;
    }
    outboxCursor = last[0];
  }
  return out;
}

/** Tests: forget where the outbox scan was. */
export function resetPruneCursor(): void {
  outboxCursor = 0;
}
