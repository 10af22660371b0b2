// Delivery: one instance at a time owns a subscription's queue (lease on the subscription row,
// claimed with one conditional UPDATE), sends its pending deliveries in fact order (head-of-line:
// a delivery waiting for its retry holds back later ones), and records the outcome: delivered,
// retry later with jitter, or dead letter; consecutive dead letters trip the circuit breaker.
import type { WebhookFormat } from '@decnet/protocol';
import { q } from '../../db/raw-sql';
import type { AppDeps } from '../../deps';
import { renderBody, renderHeaders, type OutgoingFact } from './render';
import { openSecret } from './secret-box';
import type { WebhookSettings } from './settings';
import { RefusedDestination, sendGuarded } from './transport';

const PAGE = 100;
const BATCH_MAX = 100;
const ERROR_MAX = 300;

interface Sub {
  id: string;
  url: string;
  format: WebhookFormat;
  secret: string;
  batchWindowMs: number;
}
interface Pending extends OutgoingFact {
  deliveryId: number;
  attempts: number;
  nextAttemptMs: number;
  createdMs: number;
}
export interface SendOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
  retryable: boolean;
}
export interface SubscriptionRun {
  delivered: number;
  dead: number;
  retriesScheduled: number;
}

/** One request: 2xx is success; network errors, timeouts, 5xx and 429 may be retried; the rest are final. */
export async function sendFacts(s: WebhookSettings, sub: Pick<Sub, 'url' | 'format' | 'secret'>, facts: OutgoingFact[], nowMs: number): Promise<SendOutcome> {
  const body = renderBody(sub.format, facts);
  const headers = await renderHeaders(sub.secret, body, facts, nowMs);
  try {
    const res = await sendGuarded(s.transport, s.policy, { url: sub.url, headers, body, timeoutMs: s.timeoutMs });
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, error: null, retryable: false };
    return { ok: false, status: res.status, error: `HTTP ${res.status}`, retryable: res.status >= 500 || res.status === 429 };
  } catch (e) {
    const refused = e instanceof RefusedDestination;
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { ok: false, status: null, error: msg.slice(0, ERROR_MAX), retryable: !refused };
  }
}

async function claim(deps: AppDeps, s: WebhookSettings, id: string): Promise<Sub | null> {
  const now = deps.now();
  const [r] = await deps.rawBatch([
    q`UPDATE webhook_subscriptions SET lease_owner = ${s.instanceId}, lease_until_ms = ${now + s.leaseMs}
      WHERE id = ${id} AND enabled = 1 AND auto_disabled_at_ms IS NULL AND (lease_until_ms IS NULL OR lease_until_ms <= ${now})
      RETURNING url, format, secret_enc, batch_window_ms`,
  ]);
  const row = r!.rows[0] as [string, WebhookFormat, string, number] | undefined;
  if (!row) return null;
  return { id, url: row[0], format: row[1], secret: await openSecret(s.secretKey, row[2]), batchWindowMs: row[3] };
}

async function pendingPage(deps: AppDeps, subId: string): Promise<Pending[]> {
  const [r] = await deps.rawBatch([
    q`SELECT d.id AS did, d.attempts, d.next_attempt_ms, d.created_at_ms, o.id AS fid, o.topic, o.type, o.ts_ms, o.payload_json
      FROM webhook_deliveries d JOIN webhook_outbox o ON o.seq = d.fact_seq
      WHERE d.subscription_id = ${subId} AND d.status = 'pending' ORDER BY d.fact_seq LIMIT ${PAGE}`,
  ]);
  return (r!.rows as [number, number, number, number, string, string, string, number, string][]).map(([deliveryId, attempts, nextAttemptMs, createdMs, id, topic, type, tsMs, payloadJson]) => ({ deliveryId, attempts, nextAttemptMs, createdMs, id, topic, type, tsMs, payloadJson }));
}

/** Sends what is due for one subscription it could claim; returns null when another instance holds it. */
export async function deliverSubscription(deps: AppDeps, s: WebhookSettings, subId: string, maxSends = 5000): Promise<SubscriptionRun | null> {
  const sub = await claim(deps, s, subId);
  if (!sub) return null;
  const run: SubscriptionRun = { delivered: 0, dead: 0, retriesScheduled: 0 };
  let leaseUntil = deps.now() + s.leaseMs;
  try {
    for (let sends = 0; sends < maxSends; ) {
      const page = await pendingPage(deps, sub.id);
      const head = page[0];
      let now = deps.now();
      if (!head || head.nextAttemptMs > now) break;
      if (sub.batchWindowMs > 0 && head.attempts === 0 && head.createdMs + sub.batchWindowMs > now) break;
      let idx = 0;
      let stop = false;
      // Successes are written once per page (one transaction per up to 100 sends): a crash can
      // only re-send them (at-least-once, receivers deduplicate on the event id).
      const done: Pending[] = [];
      let okStatus = 200;
      while (idx < page.length && !stop && sends < maxSends) {
        now = deps.now();
        if (now + s.timeoutMs + 1000 > leaseUntil) {
          await recordDelivered(deps, sub.id, done.splice(0), okStatus, run);
          const [r] = await deps.rawBatch([q`UPDATE webhook_subscriptions SET lease_until_ms = ${now + s.leaseMs} WHERE id = ${sub.id} AND lease_owner = ${s.instanceId}`]);
          if (r!.rowsAffected === 0) return run; // lease lost: another instance owns the queue now
          leaseUntil = now + s.leaseMs;
        }
        const first = page[idx]!;
        if (first.nextAttemptMs > now) break;
        const group = sub.batchWindowMs > 0 ? page.slice(idx, idx + BATCH_MAX) : [first];
        idx += group.length;
        sends++;
        const out = await sendFacts(s, sub, group, now);
        if (out.ok) {
          okStatus = out.status ?? 200;
          done.push(...group);
          continue;
        }
        await recordDelivered(deps, sub.id, done.splice(0), okStatus, run);
        stop = !(await recordFailure(deps, s, sub.id, group, out, run));
      }
      await recordDelivered(deps, sub.id, done, okStatus, run);
      if (stop) break;
    }
  } finally {
    await deps.rawBatch([q`UPDATE webhook_subscriptions SET lease_owner = NULL, lease_until_ms = NULL WHERE id = ${sub.id} AND lease_owner = ${s.instanceId}`]);
  }
  return run;
}

const idList = (group: Pending[]) => q`id IN (SELECT value FROM json_each(${JSON.stringify(group.map((g) => g.deliveryId))}))`;

async function recordDelivered(deps: AppDeps, subId: string, group: Pending[], status: number, run: SubscriptionRun): Promise<void> {
  if (group.length === 0) return;
  const now = deps.now();
  await deps.rawBatch([
    q`UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_status = ${status}, last_error = NULL, delivered_at_ms = ${now}, updated_at_ms = ${now} WHERE ${idList(group)}`,
    q`UPDATE webhook_subscriptions SET consecutive_failures = 0, last_success_ms = ${now} WHERE id = ${subId}`,
  ]);
  run.delivered += group.length;
}

/** Stores a failed send; returns false when the queue must stop (retry pending, breaker open). */
async function recordFailure(deps: AppDeps, s: WebhookSettings, subId: string, group: Pending[], out: SendOutcome, run: SubscriptionRun): Promise<boolean> {
  const now = deps.now();
  const inGroup = idList(group);
  const attempts = group[0]!.attempts + 1;
  if (out.retryable && attempts <= s.retryDelaysMs.length) {
    const delay = Math.round(s.retryDelaysMs[attempts - 1]! * (0.8 + 0.4 * s.random()));
    await deps.rawBatch([
      q`UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_ms = ${now + delay}, last_status = ${out.status}, last_error = ${out.error}, updated_at_ms = ${now} WHERE ${inGroup}`,
      q`UPDATE webhook_subscriptions SET last_failure_ms = ${now}, last_error = ${out.error} WHERE id = ${subId}`,
    ]);
    run.retriesScheduled++;
    return false;
  }
  const [, sub] = await deps.rawBatch([
    q`UPDATE webhook_deliveries SET status = 'dead', attempts = attempts + 1, last_status = ${out.status}, last_error = ${out.error}, updated_at_ms = ${now} WHERE ${inGroup}`,
    q`UPDATE webhook_subscriptions SET consecutive_failures = consecutive_failures + 1, last_failure_ms = ${now}, last_error = ${out.error},
        auto_disabled_at_ms = CASE WHEN consecutive_failures + 1 >= ${s.breakerThreshold} THEN ${now} ELSE auto_disabled_at_ms END
      WHERE id = ${subId} RETURNING auto_disabled_at_ms`,
  ]);
  run.dead += group.length;
  return (sub!.rows[0] as [number | null] | undefined)?.[0] == null;
}
