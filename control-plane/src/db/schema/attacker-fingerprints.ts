// Client fingerprints seen from each attacker address (JA3, JA4, HASSH, p0f OS guess from the
// sniffer; JARM and HASSH-server from the prober), one row per distinct value with first/last seen:
// what identity resolution clusters on, and how tool switching (`fingerprint_rotated`) shows.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const attackerFingerprints = sqliteTable(
  'attacker_fingerprints',
  {
    attackerId: text('attacker_id').notNull(),
    /** ja3 | ja4 | hassh | os | jarm | hassh_server */
    kind: text('kind').notNull(),
    value: text('value').notNull(),
    firstSeenMs: integer('first_seen_ms').notNull(),
    lastSeenMs: integer('last_seen_ms').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.attackerId, t.kind, t.value] }), index('attacker_fingerprints_value_idx').on(t.kind, t.value)],
);

export type AttackerFingerprintRow = typeof attackerFingerprints.$inferSelect;
