// One row per attacker source address, folded from events at ingest with atomic upserts. Sets are
// JSON arrays merged in SQL; timing keeps sums so mean and spread need no per-event history.
import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const attackers = sqliteTable(
  'attackers',
  {
    /** Deterministic from the address (first 32 hex of SHA-256), so any instance computes it. */
    id: text('id').primaryKey(),
    ip: text('ip').notNull().unique(),
    firstSeenMs: integer('first_seen_ms').notNull(),
    lastSeenMs: integer('last_seen_ms').notNull(),
    eventCount: integer('event_count').notNull().default(0),
    connectCount: integer('connect_count').notNull().default(0),
    authCount: integer('auth_count').notNull().default(0),
    commandCount: integer('command_count').notNull().default(0),
    requestCount: integer('request_count').notNull().default(0),
    credentialCount: integer('credential_count').notNull().default(0),
    artifactCount: integer('artifact_count').notNull().default(0),
    servicesJson: text('services_json').notNull().default('[]'),
    deckiesJson: text('deckies_json').notNull().default('[]'),
    /** Kill-chain phases reached. */
    phasesJson: text('phases_json').notNull().default('[]'),
    /** Client identification seen: SSH banners, HTTP user agents (bounded). */
    clientHintsJson: text('client_hints_json').notNull().default('[]'),
    lastEventType: text('last_event_type'),
    iatCount: integer('iat_count').notNull().default(0),
    iatSumS: real('iat_sum_s').notNull().default(0),
    iatSumSqS: real('iat_sum_sq_s').notNull().default(0),
  },
  (t) => [index('attackers_last_seen_idx').on(t.lastSeenMs), index('attackers_event_count_idx').on(t.eventCount)],
);

export type AttackerRow = typeof attackers.$inferSelect;
