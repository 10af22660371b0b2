// Incremental identity clustering (migration 0017): attackers changed since the last run (marked by
// triggers on attackers and attacker_enrichment, in the ingest transaction), the inverted index over
// evidence keys with holder counts, and each identity's campaign aggregate.
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** One row per changed attacker; a later change replaces the row with a higher seq. */
export const identityDirty = sqliteTable(
  'identity_dirty',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    attackerId: text('attacker_id').notNull(),
  },
  (t) => [uniqueIndex('identity_dirty_attacker_idx').on(t.attackerId)],
);

/** `fp:hassh:...`, `cmd:...`, `cred:...` keys (features.ts keysOf) held by each attacker. */
export const identityKeys = sqliteTable(
  'identity_keys',
  {
    key: text('key').notNull(),
    attackerId: text('attacker_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.attackerId] }), index('identity_keys_attacker_idx').on(t.attackerId)],
);

export const identityKeyCounts = sqliteTable('identity_key_counts', {
  key: text('key').primaryKey(),
  holders: integer('holders').notNull(),
});

/** campaigns.ts aggregateToJson of each identity, so campaigns are recomputed without loading members. */
export const identityAggregates = sqliteTable('identity_aggregates', {
  identityId: text('identity_id').primaryKey(),
  aggJson: text('agg_json').notNull(),
});
