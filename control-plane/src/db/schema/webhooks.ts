// Webhooks (issue 13): subscriptions (secret encrypted at rest, breaker and lease columns), the
// outbox every fact is written to in its producer's transaction, and per-subscription deliveries.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const webhookSubscriptions = sqliteTable('webhook_subscriptions', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  url: text('url').notNull(),
  patternsJson: text('patterns_json').notNull(),
  /** json | slack | teams | discord */
  format: text('format').notNull().default('json'),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  /** AES-GCM ciphertext (`v1.<iv>.<ct>`, base64); never returned by the API. */
  secretEnc: text('secret_enc').notNull(),
  batchWindowMs: integer('batch_window_ms').notNull().default(0),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  /** Set by the circuit breaker; cleared when an admin re-enables the subscription. */
  autoDisabledAtMs: integer('auto_disabled_at_ms'),
  /** Which delivery instance owns this subscription's queue until `leaseUntilMs`. */
  leaseOwner: text('lease_owner'),
  leaseUntilMs: integer('lease_until_ms'),
  lastSuccessMs: integer('last_success_ms'),
  lastFailureMs: integer('last_failure_ms'),
  lastError: text('last_error'),
  createdAtMs: integer('created_at_ms').notNull(),
  updatedAtMs: integer('updated_at_ms').notNull(),
});

export const webhookOutbox = sqliteTable(
  'webhook_outbox',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    topic: text('topic').notNull(),
    type: text('type').notNull(),
    tsMs: integer('ts_ms').notNull(),
    payloadJson: text('payload_json').notNull(),
    createdAtMs: integer('created_at_ms').notNull(),
  },
  (t) => [uniqueIndex('webhook_outbox_id_idx').on(t.id)],
);

/** One row (id 1): facts with seq <= fanned_upto have their deliveries (fan-out.ts). */
export const webhookFanoutState = sqliteTable('webhook_fanout_state', {
  id: integer('id').primaryKey(),
  fannedUpto: integer('fanned_upto').notNull(),
});

export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subscriptionId: text('subscription_id').notNull(),
    factSeq: integer('fact_seq').notNull(),
    factId: text('fact_id').notNull(),
    /** pending | delivered | dead */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptMs: integer('next_attempt_ms').notNull(),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAtMs: integer('created_at_ms').notNull(),
    updatedAtMs: integer('updated_at_ms').notNull(),
    deliveredAtMs: integer('delivered_at_ms'),
  },
  (t) => [uniqueIndex('webhook_deliveries_sub_fact_idx').on(t.subscriptionId, t.factId), index('webhook_deliveries_queue_idx').on(t.subscriptionId, t.status, t.factSeq)],
);

export type WebhookSubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
