// The Node runtime's webhook wiring: settings from the environment (DECNET_SECRET_KEY,
// DECNET_WEBHOOK_ALLOW_PRIVATE), the pinned undici transport over the resolver the entry passes
// (dns.lookup), the retention (DECNET_WEBHOOK_RETENTION_DAYS) and the delivery loop, which also prunes; `stop` ends the loop and closes the connection pool.
import type { AppDeps } from '../../deps';
import { parseRetentionDays } from './prune';
import { parseAllowPrivate, webhookSettings, type WebhookSettings } from './settings';
import { startWebhookLoop } from './tick';
import { undiciTransport, type Resolver } from './transport-undici';

export function nodeWebhookSettings(env: Record<string, string | undefined>, resolve: Resolver): Partial<WebhookSettings> & { close(): Promise<void> } {
  const policy = parseAllowPrivate(env.DECNET_WEBHOOK_ALLOW_PRIVATE);
  const transport = undiciTransport(resolve, policy);
  return {
    policy,
    transport,
    retentionMs: parseRetentionDays(env.DECNET_WEBHOOK_RETENTION_DAYS),
    ...(env.DECNET_SECRET_KEY ? { secretKey: env.DECNET_SECRET_KEY } : {}),
    close: () => transport.close(),
  };
}

/** Starts the loop unless DECNET_WEBHOOKS=0 (e.g. a read-only replica). */
export function startNodeWebhooks(deps: AppDeps, env: Record<string, string | undefined>): { stop(): Promise<void> } {
  const loop = env.DECNET_WEBHOOKS === '0' ? { stop: async () => {} } : startWebhookLoop(deps, webhookSettings(deps), Number(env.DECNET_WEBHOOK_IDLE_MS ?? 250));
  return {
    async stop() {
      await loop.stop();
      await (deps.webhooks as { close?: () => Promise<void> } | undefined)?.close?.();
    },
  };
}
