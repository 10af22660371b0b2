// Country/ASN range tables for runtimes without the in-memory dataset (Workers), loaded by
// `npm run workers:geo` and looked up at ingest with one primary-key seek per family. The migration
// (0019) makes geo_v6 WITHOUT ROWID, which drizzle cannot express: its key is then the only b-tree.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** IPv4 ranges as unsigned integers; country and ASN merged into disjoint segments. */
export const geoV4 = sqliteTable('geo_v4', {
  startNum: integer('start_num').primaryKey(),
  endNum: integer('end_num').notNull(),
  country: text('country'),
  asn: integer('asn'),
});

/** IPv6 ranges as 32-character lowercase hex keys (fixed width, so text order is address order). */
export const geoV6 = sqliteTable('geo_v6', {
  startKey: text('start_key').primaryKey(),
  endKey: text('end_key').notNull(),
  country: text('country'),
  asn: integer('asn'),
});

/** Organisation per ASN (constant per ASN in the dataset), kept once instead of per range. */
export const geoAsOrgs = sqliteTable('geo_as_orgs', {
  asn: integer('asn').primaryKey(),
  org: text('org').notNull(),
});

/** One row (id 1) once a load completed; absent while loading. Backfill progress is kept here. */
export const geoDataset = sqliteTable('geo_dataset', {
  id: integer('id').primaryKey(),
  version: text('version').notNull(),
  v4Rows: integer('v4_rows').notNull(),
  v6Rows: integer('v6_rows').notNull(),
  loadedAtMs: integer('loaded_at_ms').notNull(),
  /** attacker_enrichment rowid up to which rows stored before the load were filled. */
  backfillAfter: integer('backfill_after').notNull().default(0),
  backfilledAtMs: integer('backfilled_at_ms'),
});
