// The Workers runtime's webhook delivery: a cron trigger (every minute, wrangler.toml) prunes what
// the retention allows, then runs ticks until the queue is drained or the time budget is spent.
// Workers' fetch cannot pin a resolved address, so there only literal addresses are checked (the
// platform's egress cannot reach private networks of the operator anyway); names are not resolved.
import type { AppDeps } from '../../deps';
import { parseRetentionDays, pruneWebhooks, type PruneResult } from './prune';
import { parseAllowPrivate, webhookSettings, type WebhookSettings } from './settings';
import { runWebhookTick, type TickResult } from './tick';

export const WEBHOOK_CRON = '* * * * *';

export function workersWebhookSettings(env: Record<string, string | undefined>): Partial<WebhookSettings> {
  return {
    policy: parseAllowPrivate(env.DECNET_WEBHOOK_ALLOW_PRIVATE),
    retentionMs: parseRetentionDays(env.DECNET_WEBHOOK_RETENTION_DAYS),
    ...(env.DECNET_SECRET_KEY ? { secretKey: env.DECNET_SECRET_KEY } : {}),
  };
}

async function prune(deps: AppDeps, s: WebhookSettings): Promise<PruneResult> {
  try {
    return await pruneWebhooks(deps, s.retentionMs);
  } catch (e) {
    deps.logger.error('webhook outbox pruning failed', { error: e instanceof Error ? e.message : String(e) });
    return { deliveries: 0, facts: 0 };
  }
}

/** One cron run: the retention pass (bounded), then delivery ticks until drained or out of budget. */
export async function runWorkersWebhooks(deps: AppDeps, budgetMs = 25_000): Promise<TickResult & { pruned: PruneResult }> {
  const s = webhookSettings(deps);
  const total = { fanned: 0, delivered: 0, dead: 0, retriesScheduled: 0, pruned: await prune(deps, s) };
  const end = Date.now() + budgetMs;
  while (Date.now() < end) {
    const r = await runWebhookTick(deps, s);
    for (const k of Object.keys(r) as (keyof TickResult)[]) total[k] += r[k];
    if (r.fanned + r.delivered + r.dead === 0) break;
  }
  return total;
}
