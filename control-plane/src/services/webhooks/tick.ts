// One delivery tick, the same on every runtime and safe on many instances at once: fan out new
// facts, then deliver each subscription with due work, at most `concurrency` requests in flight.
import { q } from '../../db/raw-sql';
import type { AppDeps } from '../../deps';
import { deliverSubscription } from './deliver';
import { fanOut } from './fan-out';
import { hostOfflineStatement } from './host-facts';
import { pruneWebhooks } from './prune';
import type { WebhookSettings } from './settings';

export interface TickResult {
  fanned: number;
  delivered: number;
  dead: number;
  retriesScheduled: number;
}

const OFFLINE_SCAN_MS = 10_000;
let lastOfflineScanMs = 0;

export async function runWebhookTick(deps: AppDeps, s: WebhookSettings): Promise<TickResult> {
  if (deps.now() - lastOfflineScanMs >= OFFLINE_SCAN_MS || deps.now() < lastOfflineScanMs) {
    lastOfflineScanMs = deps.now();
    await deps.rawBatch([hostOfflineStatement(lastOfflineScanMs)]);
  }
  const result: TickResult = { fanned: await fanOut(deps), delivered: 0, dead: 0, retriesScheduled: 0 };
  const now = deps.now();
  const [due] = await deps.rawBatch([
    q`SELECT s.id FROM webhook_subscriptions s
      WHERE s.enabled = 1 AND s.auto_disabled_at_ms IS NULL AND (s.lease_until_ms IS NULL OR s.lease_until_ms <= ${now})
        AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.subscription_id = s.id AND d.status = 'pending' AND d.next_attempt_ms <= ${now})`,
  ]);
  const queue = (due!.rows as [string][]).map(([id]) => id);
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        const run = await deliverSubscription(deps, s, id);
        if (!run) continue;
        result.delivered += run.delivered;
        result.dead += run.dead;
        result.retriesScheduled += run.retriesScheduled;
      } catch (e) {
        deps.logger.error('webhook delivery failed', { subscription: id, error: e instanceof Error ? e.message : String(e) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, s.concurrency) }, worker));
  return result;
}

const PRUNE_EVERY_MS = 60_000;

/** Node: a self-rescheduling loop (immediately again while there is work, else every `idleMs`); prunes once a minute. */
export function startWebhookLoop(deps: AppDeps, s: WebhookSettings, idleMs = 250): { stop(): Promise<void> } {
  let stopped = false;
  let lastPruneMs = -Infinity;
  const maybePrune = async () => {
    if (deps.now() - lastPruneMs < PRUNE_EVERY_MS) return;
    lastPruneMs = deps.now();
    await pruneWebhooks(deps, s.retentionMs);
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const loop = () => {
    current = maybePrune()
      .then(() => runWebhookTick(deps, s))
      .catch((e: unknown) => {
        deps.logger.error('webhook tick failed', { error: e instanceof Error ? e.message : String(e) });
        return { fanned: 0, delivered: 0, dead: 0 };
      })
      .then((r) => {
        if (!stopped) timer = setTimeout(loop, r.fanned + r.delivered + r.dead > 0 ? 0 : idleMs);
      });
  };
  timer = setTimeout(loop, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
