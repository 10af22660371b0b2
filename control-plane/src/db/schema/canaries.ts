// Canary tokens (issue 13): the tokens, the values that trigger a passive credential token, where
// each token is planted, and every trigger (linked to the attacker by address).
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const canaryTokens = sqliteTable(
  'canary_tokens',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull(),
    kind: text('kind').notNull(),
    generator: text('generator').notNull(),
    memo: text('memo').notNull().default(''),
    /** Per-token HMAC key of the browser-fingerprint reports (hex). */
    nonce: text('nonce').notNull(),
    url: text('url').notNull(),
    dnsName: text('dns_name'),
    principal: text('principal'),
    secret: text('secret'),
    fileName: text('file_name').notNull(),
    /** The generated file for text generators (docx/pdf are rebuilt from the row on download). */
    content: text('content'),
    createdAtMs: integer('created_at_ms').notNull(),
    revokedAtMs: integer('revoked_at_ms'),
    triggerCount: integer('trigger_count').notNull().default(0),
    lastTriggeredMs: integer('last_triggered_ms'),
  },
  (t) => [uniqueIndex('canary_tokens_slug_idx').on(t.slug)],
);

/** A value (principal or secret) whose use on any decky service triggers the token. */
export const canaryMatchValues = sqliteTable(
  'canary_match_values',
  { value: text('value').notNull(), tokenId: text('token_id').notNull() },
  (t) => [primaryKey({ columns: [t.value, t.tokenId] })],
);

export const canaryPlacements = sqliteTable(
  'canary_placements',
  {
    id: text('id').primaryKey(),
    tokenId: text('token_id').notNull(),
    deckyName: text('decky_name').notNull(),
    path: text('path').notNull(),
    createdAtMs: integer('created_at_ms').notNull(),
  },
  (t) => [uniqueIndex('canary_placements_decky_path_idx').on(t.deckyName, t.path), index('canary_placements_token_idx').on(t.tokenId)],
);

export const canaryTriggers = sqliteTable(
  'canary_triggers',
  {
    id: text('id').primaryKey(),
    tokenId: text('token_id').notNull(),
    /** http | dns | credential | fingerprint */
    via: text('via').notNull(),
    tsMs: integer('ts_ms').notNull(),
    srcIp: text('src_ip'),
    attackerId: text('attacker_id'),
    userAgent: text('user_agent'),
    headersJson: text('headers_json').notNull().default('{}'),
    dnsName: text('dns_name'),
    decky: text('decky'),
    service: text('service'),
    principal: text('principal'),
    fingerprintJson: text('fingerprint_json'),
    fingerprintVerified: integer('fingerprint_verified', { mode: 'boolean' }),
  },
  (t) => [index('canary_triggers_token_idx').on(t.tokenId, t.tsMs), index('canary_triggers_attacker_idx').on(t.attackerId)],
);

export type CanaryTokenRow = typeof canaryTokens.$inferSelect;
export type CanaryPlacementRow = typeof canaryPlacements.$inferSelect;
export type CanaryTriggerRow = typeof canaryTriggers.$inferSelect;
