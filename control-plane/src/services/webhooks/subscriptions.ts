// Subscription verbs (admin): create (secret generated, sealed, shown once), list, get, update
// (re-enabling clears the breaker; rotating shows the new secret once), delete, the delivery log,
// dead-letter re-delivery and "send test" (sent at once, not through the outbox).
import { expandPatterns, FactTopics, type CreateWebhookBody, type UpdateWebhookBody, type Webhook, type WebhookDelivery, type WebhookFormat, type WebhookTestResult, type WebhookWithSecret } from '@decnet/protocol';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { webhookDeliveries, webhookOutbox, webhookSubscriptions, type WebhookSubscriptionRow } from '../../db/schema';
import { AppError } from '../../errors';
import { sendFacts } from './deliver';
import { newSecret, openSecret, sealSecret } from './secret-box';
import { webhookSettings } from './settings';

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

async function view(deps: AppDeps, r: WebhookSubscriptionRow): Promise<Webhook> {
  const counts = await deps.db
    .select({ status: webhookDeliveries.status, n: sql<number>`count(*)` })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.subscriptionId, r.id), sql`${webhookDeliveries.status} IN ('pending', 'dead')`))
    .groupBy(webhookDeliveries.status);
  const n = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0);
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    patterns: JSON.parse(r.patternsJson) as string[],
    format: r.format as WebhookFormat,
    enabled: r.enabled,
    batchWindowMs: r.batchWindowMs,
    consecutiveFailures: r.consecutiveFailures,
    autoDisabledAt: iso(r.autoDisabledAtMs),
    lastSuccessAt: iso(r.lastSuccessMs),
    lastFailureAt: iso(r.lastFailureMs),
    lastError: r.lastError,
    pending: n('pending'),
    dead: n('dead'),
    createdAt: iso(r.createdAtMs)!,
    updatedAt: iso(r.updatedAtMs)!,
  };
}

async function row(deps: AppDeps, id: string): Promise<WebhookSubscriptionRow> {
  const r = await deps.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).get();
  if (!r) throw new AppError('not_found', 'Webhook not found');
  return r;
}

export async function createWebhook(deps: AppDeps, body: CreateWebhookBody): Promise<WebhookWithSecret> {
  const s = webhookSettings(deps);
  const secret = newSecret();
  const now = deps.now();
  const [r] = await deps.db
    .insert(webhookSubscriptions)
    .values({
      id: crypto.randomUUID(),
      name: body.name,
      url: body.url,
      patternsJson: JSON.stringify(expandPatterns(body.presets, body.patterns)),
      format: body.format ?? 'json',
      enabled: body.enabled ?? true,
      secretEnc: await sealSecret(s.secretKey, secret),
      batchWindowMs: body.batchWindowMs ?? 0,
      createdAtMs: now,
      updatedAtMs: now,
    })
    .returning();
  return { ...(await view(deps, r!)), secret };
}

export async function listWebhooks(deps: AppDeps): Promise<Webhook[]> {
  const rows = await deps.db.select().from(webhookSubscriptions).orderBy(webhookSubscriptions.createdAtMs);
  return Promise.all(rows.map((r) => view(deps, r)));
}

export async function getWebhook(deps: AppDeps, id: string): Promise<Webhook> {
  return view(deps, await row(deps, id));
}

export async function updateWebhook(deps: AppDeps, id: string, body: UpdateWebhookBody): Promise<Webhook | WebhookWithSecret> {
  const cur = await row(deps, id);
  const s = webhookSettings(deps);
  const secret = body.rotateSecret ? newSecret() : undefined;
  const patternsGiven = body.presets !== undefined || body.patterns !== undefined;
  const patterns = patternsGiven ? expandPatterns(body.presets, body.patterns) : null;
  if (patterns && patterns.length === 0) throw new AppError('validation_failed', 'give at least one preset or pattern');
  const [r] = await deps.db
    .update(webhookSubscriptions)
    .set({
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.url !== undefined ? { url: body.url } : {}),
      ...(patterns ? { patternsJson: JSON.stringify(patterns) } : {}),
      ...(body.format !== undefined ? { format: body.format } : {}),
      ...(body.batchWindowMs !== undefined ? { batchWindowMs: body.batchWindowMs } : {}),
      ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
      // Enabling (again) clears the circuit breaker.
      ...(body.enabled === true ? { autoDisabledAtMs: null, consecutiveFailures: 0 } : {}),
      ...(secret ? { secretEnc: await sealSecret(s.secretKey, secret) } : {}),
      updatedAtMs: deps.now(),
    })
    .where(eq(webhookSubscriptions.id, cur.id))
    .returning();
  const v = await view(deps, r!);
  return secret ? { ...v, secret } : v;
}

export async function deleteWebhook(deps: AppDeps, id: string): Promise<void> {
  await row(deps, id);
  await deps.db.batch([deps.db.delete(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, id)), deps.db.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id))]);
}

export async function listDeliveries(deps: AppDeps, id: string, opts: { status?: 'pending' | 'delivered' | 'dead'; beforeId?: number; limit: number }): Promise<WebhookDelivery[]> {
  await row(deps, id);
  const rows = await deps.db
    .select({ d: webhookDeliveries, topic: webhookOutbox.topic, type: webhookOutbox.type })
    .from(webhookDeliveries)
    .leftJoin(webhookOutbox, eq(webhookOutbox.seq, webhookDeliveries.factSeq))
    .where(and(eq(webhookDeliveries.subscriptionId, id), opts.status ? eq(webhookDeliveries.status, opts.status) : undefined, opts.beforeId ? lt(webhookDeliveries.id, opts.beforeId) : undefined))
    .orderBy(desc(webhookDeliveries.id))
    .limit(opts.limit);
  return rows.map(({ d, topic, type }) => ({
    id: d.id,
    factId: d.factId,
    topic: topic ?? '',
    type: type ?? '',
    status: d.status as WebhookDelivery['status'],
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    createdAt: iso(d.createdAtMs)!,
    updatedAt: iso(d.updatedAtMs)!,
    deliveredAt: iso(d.deliveredAtMs),
  }));
}

/** Dead letters back to pending (all of the subscription's, or one): they go out in fact order. */
export async function redeliver(deps: AppDeps, id: string, deliveryId?: number): Promise<number> {
  await row(deps, id);
  const now = deps.now();
  const res = await deps.db
    .update(webhookDeliveries)
    .set({ status: 'pending', attempts: 0, nextAttemptMs: now, updatedAtMs: now })
    .where(and(eq(webhookDeliveries.subscriptionId, id), eq(webhookDeliveries.status, 'dead'), deliveryId !== undefined ? eq(webhookDeliveries.id, deliveryId) : undefined))
    .returning({ id: webhookDeliveries.id });
  return res.length;
}

/** Sends a `webhook.test` fact now with the subscription's format and secret (breaker untouched). */
export async function sendTest(deps: AppDeps, id: string): Promise<WebhookTestResult> {
  const r = await row(deps, id);
  const s = webhookSettings(deps);
  const now = deps.now();
  const started = Date.now();
  const fact = { id: `webhook.test:${crypto.randomUUID()}`, topic: FactTopics.webhookTest, type: 'webhook.test', tsMs: now, payloadJson: JSON.stringify({ subscription: r.name, message: 'DECNET webhook test' }) };
  const out = await sendFacts(s, { url: r.url, format: r.format as WebhookFormat, secret: await openSecret(s.secretKey, r.secretEnc) }, [fact], now);
  return { ok: out.ok, status: out.status, error: out.error, durationMs: Date.now() - started };
}
