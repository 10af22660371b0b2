// What is known about each attacker address from offline data (issue 15): its scope (public or a
// private/reserved range), country, ASN and organisation from the ip-location-db dataset, and the
// PTR name resolved later, off the ingest path. Written once per address at ingest.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const attackerEnrichment = sqliteTable(
  'attacker_enrichment',
  {
    /** attackers.id (deterministic from the address). */
    attackerId: text('attacker_id').primaryKey(),
    ip: text('ip').notNull(),
    /** public | private | cgnat | loopback | link_local | documentation | benchmarking | multicast | ula | unspecified | broadcast | reserved */
    scope: text('scope').notNull(),
    /** ISO 3166-1 alpha-2, null when unknown or not public. */
    country: text('country'),
    asn: integer('asn'),
    asOrg: text('as_org'),
    /** Dataset packages and versions the facts came from; null when no dataset was loaded. */
    dataset: text('dataset'),
    enrichedAtMs: integer('enriched_at_ms').notNull(),
    /** Reverse DNS name; status pending | ok | none | error | skipped (not public, or lookups off). */
    ptr: text('ptr'),
    ptrStatus: text('ptr_status').notNull(),
    ptrAtMs: integer('ptr_at_ms'),
  },
  (t) => [index('attacker_enrichment_country_idx').on(t.country), index('attacker_enrichment_asn_idx').on(t.asn), index('attacker_enrichment_ptr_idx').on(t.ptrStatus)],
);

export type AttackerEnrichmentRow = typeof attackerEnrichment.$inferSelect;
