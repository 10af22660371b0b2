// Identities (clusters of attacker addresses acting as one actor), the edges and evidence that joined
// them, analysts' manual merges/splits, the change log (events, live stream), campaigns over
// identities, and the clustering run's lease and cursor (migration 0009).
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const identities = sqliteTable(
  'identities',
  {
    /** 32 hex: derived from the earliest member when formed, carried over by maximum overlap after. */
    id: text('id').primaryKey(),
    firstSeenMs: integer('first_seen_ms').notNull(),
    lastSeenMs: integer('last_seen_ms').notNull(),
    memberCount: integer('member_count').notNull(),
    formedAtMs: integer('formed_at_ms').notNull(),
    updatedAtMs: integer('updated_at_ms').notNull(),
    /** {fingerprints, ips} for the list view. */
    summaryJson: text('summary_json').notNull().default('{}'),
  },
  (t) => [index('identities_last_seen_idx').on(t.lastSeenMs)],
);

export const identityMembers = sqliteTable(
  'identity_members',
  {
    attackerId: text('attacker_id').primaryKey(),
    identityId: text('identity_id').notNull(),
    joinedAtMs: integer('joined_at_ms').notNull(),
  },
  (t) => [index('identity_members_identity_idx').on(t.identityId)],
);

/** Edges at or above the threshold (a_id < b_id), with the evidence: why two addresses were joined. */
export const identityEdges = sqliteTable(
  'identity_edges',
  {
    aId: text('a_id').notNull(),
    bId: text('b_id').notNull(),
    weight: real('weight').notNull(),
    manual: integer('manual').notNull().default(0),
    evidenceJson: text('evidence_json').notNull().default('[]'),
  },
  (t) => [primaryKey({ columns: [t.aId, t.bId] }), index('identity_edges_b_idx').on(t.bId)],
);

/** Analysts' decisions, kept across re-clustering: `merge` (attacker + other) or `split` (attacker). */
export const identityOverrides = sqliteTable(
  'identity_overrides',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    attackerId: text('attacker_id').notNull(),
    otherAttackerId: text('other_attacker_id'),
    actor: text('actor').notNull(),
    atMs: integer('at_ms').notNull(),
  },
  (t) => [index('identity_overrides_attacker_idx').on(t.attackerId)],
);

/** identity.formed / .updated / .merged / .unmerged / .dissolved, campaign.formed / .updated: the live stream's source. */
export const identityLog = sqliteTable(
  'identity_log',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    /** Deterministic, so a repeated run writes nothing twice. */
    id: text('id').notNull(),
    type: text('type').notNull(),
    identityId: text('identity_id'),
    campaignId: text('campaign_id'),
    actor: text('actor'),
    tsMs: integer('ts_ms').notNull(),
    payloadJson: text('payload_json').notNull().default('{}'),
  },
  (t) => [uniqueIndex('identity_log_id_idx').on(t.id), index('identity_log_identity_idx').on(t.identityId, t.seq)],
);

export const campaigns = sqliteTable('campaigns', {
  id: text('id').primaryKey(),
  firstSeenMs: integer('first_seen_ms').notNull(),
  lastSeenMs: integer('last_seen_ms').notNull(),
  identityCount: integer('identity_count').notNull(),
  formedAtMs: integer('formed_at_ms').notNull(),
  updatedAtMs: integer('updated_at_ms').notNull(),
  /** [{a, b, weight, evidence: [...]}] between member identities. */
  evidenceJson: text('evidence_json').notNull().default('[]'),
});

export const campaignMembers = sqliteTable(
  'campaign_members',
  { identityId: text('identity_id').primaryKey(), campaignId: text('campaign_id').notNull() },
  (t) => [index('campaign_members_campaign_idx').on(t.campaignId)],
);

/** One row (id 1): the lease that keeps instances from clustering at once, and what the last run saw. */
export const identityRuns = sqliteTable('identity_runs', {
  id: integer('id').primaryKey(),
  leaseOwner: text('lease_owner'),
  leaseUntilMs: integer('lease_until_ms').notNull().default(0),
  cursorMs: integer('cursor_ms').notNull().default(-1),
  overridesSeen: integer('overrides_seen').notNull().default(0),
  lastRunMs: integer('last_run_ms').notNull().default(0),
  lastDurationMs: integer('last_duration_ms').notNull().default(0),
  /** 1 once a full run built the evidence key index (migration 0017); until then runs are full. */
  keysReady: integer('keys_ready').notNull().default(0),
});

export type IdentityRow = typeof identities.$inferSelect;
export type CampaignRow = typeof campaigns.$inferSelect;
