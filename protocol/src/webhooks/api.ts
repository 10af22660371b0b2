// Webhook API shapes (admin only): subscriptions, the one-time secret on create, deliveries (the
// log and the dead letters) and "send test". Routes build OpenAPI from these; the dashboard reads them.
import { z } from 'zod';
import { TopicError } from '../bus/topic-error';
import { fromNatsSubject, pattern } from '../bus/topic-patterns';
import { TOPIC_ROOT } from '../bus/topics';
import { WEBHOOK_PRESET_NAMES, WEBHOOK_PRESETS, type WebhookPreset } from './facts';

export const WEBHOOK_FORMATS = ['json', 'slack', 'teams', 'discord'] as const;
export const WebhookFormatSchema = z.enum(WEBHOOK_FORMATS).meta({ id: 'WebhookFormat' });
export type WebhookFormat = z.infer<typeof WebhookFormatSchema>;
export const WebhookPresetSchema = z.enum(WEBHOOK_PRESET_NAMES as [WebhookPreset, ...WebhookPreset[]]);

/** MQTT (`decnet/decky/+/state`) or DECNET's dotted form (`decky.*.state`) -> MQTT form; throws on bad input. */
export function normalizePattern(p: string): string {
  if (p === TOPIC_ROOT || p.startsWith(`${TOPIC_ROOT}/`)) return pattern(...p.split('/').slice(1));
  return fromNatsSubject(p);
}
const isPattern = (p: string) => {
  try {
    normalizePattern(p);
    return true;
  } catch (e) {
    if (e instanceof TopicError) return false;
    throw e;
  }
};

export const WebhookPatternSchema = z.string().min(1).max(256).refine(isPattern, 'not a topic pattern (decnet/a/+/b/#, or a.*.b.>)');
export const WebhookUrlSchema = z
  .url({ protocol: /^https?$/, error: 'an http(s) URL' })
  .max(2048);

/** Presets and raw patterns together; the stored list is the normalized union. */
export function expandPatterns(presets: readonly WebhookPreset[] = [], patterns: readonly string[] = []): string[] {
  return [...new Set([...presets.flatMap((p) => WEBHOOK_PRESETS[p]), ...patterns.map(normalizePattern)])];
}

const fields = {
  name: z.string().trim().min(1).max(100),
  url: WebhookUrlSchema,
  presets: z.array(WebhookPresetSchema).max(3),
  patterns: z.array(WebhookPatternSchema).max(32),
  format: WebhookFormatSchema,
  enabled: z.boolean(),
  /** 0 = send each fact alone; otherwise collect facts for this long and send them together. */
  batchWindowMs: z.number().int().min(0).max(300_000),
};

export const CreateWebhookBodySchema = z
  .strictObject({
    name: fields.name,
    url: fields.url,
    presets: fields.presets.optional(),
    patterns: fields.patterns.optional(),
    format: fields.format.default('json'),
    enabled: fields.enabled.default(true),
    batchWindowMs: fields.batchWindowMs.default(0),
  })
  .refine((v) => (v.presets?.length ?? 0) + (v.patterns?.length ?? 0) > 0, 'give at least one preset or pattern')
  .meta({ id: 'CreateWebhookRequest' });
export type CreateWebhookBody = z.input<typeof CreateWebhookBodySchema>;

export const UpdateWebhookBodySchema = z
  .strictObject({
    name: fields.name.optional(),
    url: fields.url.optional(),
    presets: fields.presets.optional(),
    patterns: fields.patterns.optional(),
    format: fields.format.optional(),
    /** true also clears the circuit breaker. */
    enabled: fields.enabled.optional(),
    batchWindowMs: fields.batchWindowMs.optional(),
    /** Generate a new secret (returned once in the response). */
    rotateSecret: z.boolean().optional(),
  })
  .meta({ id: 'UpdateWebhookRequest' });
export type UpdateWebhookBody = z.input<typeof UpdateWebhookBodySchema>;

export const WebhookSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    patterns: z.array(z.string()),
    format: WebhookFormatSchema,
    enabled: z.boolean(),
    batchWindowMs: z.number(),
    consecutiveFailures: z.number(),
    autoDisabledAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastFailureAt: z.string().nullable(),
    lastError: z.string().nullable(),
    pending: z.number(),
    dead: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Webhook' });
export type Webhook = z.infer<typeof WebhookSchema>;

/** Create (and secret rotation) responses: the only time the secret is shown. */
export const WebhookWithSecretSchema = WebhookSchema.extend({ secret: z.string() }).meta({ id: 'WebhookWithSecret' });
/** The answer to an update: the secret only when it was rotated (shown this once). */
export const WebhookUpdatedSchema = WebhookSchema.extend({ secret: z.string().optional() }).meta({ id: 'WebhookUpdated' });
export type WebhookWithSecret = z.infer<typeof WebhookWithSecretSchema>;

export const WebhookListSchema = z.object({ items: z.array(WebhookSchema) }).meta({ id: 'WebhookList' });
export type WebhookList = z.infer<typeof WebhookListSchema>;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export const DeliveryStatusSchema = z.enum(DELIVERY_STATUSES);
export const WebhookDeliverySchema = z
  .object({
    id: z.number(),
    factId: z.string(),
    topic: z.string(),
    type: z.string(),
    status: DeliveryStatusSchema,
    attempts: z.number(),
    lastStatus: z.number().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;
export const WebhookDeliveryListSchema = z.object({ items: z.array(WebhookDeliverySchema) }).meta({ id: 'WebhookDeliveryList' });
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryListSchema>;

export const WebhookTestResultSchema = z
  .object({ ok: z.boolean(), status: z.number().nullable(), error: z.string().nullable(), durationMs: z.number() })
  .meta({ id: 'WebhookTestResult' });
export type WebhookTestResult = z.infer<typeof WebhookTestResultSchema>;

export const RedeliverResultSchema = z.object({ requeued: z.number() }).meta({ id: 'WebhookRedeliverResult' });
