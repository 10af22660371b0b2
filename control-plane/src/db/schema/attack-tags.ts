// ATT&CK technique tags (rule engine output) and the run-time state of each rule. One tag row per
// (attacker, session, rule, technique): repeated matches raise count/last_seen instead of adding rows,
// so a scanner sending the same payload 100,000 times stays one row with its first event as evidence.
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * A tag's key, the conflict target of every tag upsert: one unique index that also serves the reads
 * by attacker (and technique). A primary key on `id` beside an attacker index kept two randomly keyed
 * B-trees that each tag insert dirtied (migration 0022; ingesting 200,000 events with every rule on,
 * the single key wrote 10 % less WAL for 8 % less CPU).
 */
export const ATTACK_TAG_KEY = 'attacker_id, technique_id, session_id, rule_id';

export const attackTags = sqliteTable(
  'attack_tags',
  {
    /**
     * Deterministic: `attackerId|sessionId|ruleId|techniqueId` (any instance computes the same); STIX
     * sighting ids derive from it. Unique through the key below, which holds the same four values.
     */
    id: text('id').notNull(),
    attackerId: text('attacker_id').notNull(),
    /** sessions.id, or '' for attacker-level tags (behaviour rules over the aggregates). */
    sessionId: text('session_id').notNull().default(''),
    /** The first event that fired the rule (events.id); null for behaviour tags. */
    eventId: text('event_id'),
    decky: text('decky'),
    service: text('service'),
    ruleId: text('rule_id').notNull(),
    ruleVersion: integer('rule_version').notNull(),
    /** What the rule looked at: command | url | user_agent | credential | behaviour | fingerprint | event */
    source: text('source').notNull(),
    /** ATT&CK tactic shortname, e.g. `credential-access`. */
    tactic: text('tactic').notNull(),
    /** Full ATT&CK id, technique or sub-technique: `T1110` or `T1110.001` (parent = part before the dot). */
    techniqueId: text('technique_id').notNull(),
    /** 0..1, already capped by the rule's confidence_max when written; the max seen. */
    confidence: real('confidence').notNull(),
    /** {field: value} the rule keeps (bounded strings, attacker data: escape when shown). */
    evidenceJson: text('evidence_json').notNull().default('{}'),
    firstSeenMs: integer('first_seen_ms').notNull(),
    lastSeenMs: integer('last_seen_ms').notNull(),
    count: integer('count').notNull().default(1),
  },
  (t) => [
    uniqueIndex('attack_tags_key_idx').on(t.attackerId, t.techniqueId, t.sessionId, t.ruleId),
    index('attack_tags_technique_idx').on(t.techniqueId, t.attackerId),
    index('attack_tags_last_seen_idx').on(t.lastSeenMs),
  ],
);

/** Admin overrides per rule; a rule without a row is enabled with no cap. */
export const attackRuleState = sqliteTable('attack_rule_state', {
  ruleId: text('rule_id').primaryKey(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  /** Ceiling on emitted confidence (0..1), null = the rule's own. */
  confidenceMax: real('confidence_max'),
  updatedAtMs: integer('updated_at_ms').notNull(),
  updatedBy: text('updated_by'),
});

/**
 * What the guessing and spraying detectors count, per attacker: axis 'p' = a principal (key) and the
 * distinct secrets (base64, first 64 chars) tried on it. Guessing = many secrets under one principal;
 * spraying = one secret under many principals. Each set stops growing at SPREAD_CAP (16).
 */
export const attackCredSpread = sqliteTable(
  'attack_cred_spread',
  {
    attackerId: text('attacker_id').notNull(),
    axis: text('axis').notNull(),
    key: text('key').notNull(),
    valuesJson: text('values_json').notNull().default('[]'),
  },
  (t) => [primaryKey({ columns: [t.attackerId, t.axis, t.key] })],
);

export type AttackTagRow = typeof attackTags.$inferSelect;
export type AttackRuleStateRow = typeof attackRuleState.$inferSelect;
