// The Workers runtime's webhook delivery: a cron trigger (every minute, wrangler.toml) runs ticks
// until the queue is drained or the time budget is spent. Workers' fetch cannot pin a resolved
// address, so there only literal addresses are checked (the platform's egress cannot reach
// private networks of the operator anyway); DNS names are not resolved first.
import type { AppDeps } from '../../deps';
import { parseAllowPrivate, webhookSettings, type WebhookSettings } from './settings';
import { runWebhookTick, type TickResult } from './tick';

export const WEBHOOK_CRON = '* * * * *';

export function workersWebhookSettings(env: Record<string, string | undefined>): Partial<WebhookSettings> {
  return { policy: parseAllowPrivate(env.DECNET_WEBHOOK_ALLOW_PRIVATE), ...(env.DECNET_SECRET_KEY ? { secretKey: env.DECNET_SECRET_KEY } : {}) };
}

export async function runWorkersWebhooks(deps: AppDeps, budgetMs = 25_000): Promise<TickResult> {
  const s = webhookSettings(deps);
  const total: TickResult = { fanned: 0, delivered: 0, dead: 0, retriesScheduled: 0 };
  const end = Date.now() + budgetMs;
  while (Date.now() < end) {
    const r = await runWebhookTick(deps, s);
    for (const k of Object.keys(total) as (keyof TickResult)[]) total[k] += r[k];
    if (r.fanned + r.delivered + r.dead === 0) break;
  }
  return total;
}
