// The ingest fold's enrichment upsert: one row per new attacker address, INSERT ... ON CONFLICT DO
// NOTHING, so an address is enriched once (by whichever instance saw it first) and never rewritten
// on the hot path. PTR names are resolved later (ptr.ts) for rows left `pending`.
import { q } from '../../db/raw-sql';
import type { BatchAggregate } from '../intel/aggregate';
import type { Upsert } from '../intel/upsert';
import { enrichIp, type Enrichment } from './enrich';

export interface EnrichmentDelta extends Enrichment {
  attackerId: string;
  ip: string;
}

export const enrichmentUpsert: Upsert<EnrichmentDelta> = {
  columns: 8,
  values: (e) => [e.attackerId, e.ip, e.scope, e.country, e.asn, e.asOrg, e.dataset, e.scope === 'public' ? 'pending' : 'skipped'],
  // INSERT ... SELECT so the clock is one parameter, not one per row; `WHERE true` lets SQLite parse the upsert clause.
  statement: (values, now) => q`INSERT INTO attacker_enrichment (attacker_id, ip, scope, country, asn, as_org, dataset, ptr_status, enriched_at_ms)
      SELECT column1, column2, column3, column4, column5, column6, column7, column8, ${now} FROM (VALUES ${values}) WHERE true
      ON CONFLICT(attacker_id) DO NOTHING`,
};

/** Enrichment rows for every attacker address of a batch. */
export function enrichmentRows(agg: Pick<BatchAggregate, 'attackers'>): EnrichmentDelta[] {
  const out: EnrichmentDelta[] = [];
  for (const a of agg.attackers.values()) out.push({ attackerId: a.id, ip: a.ip, ...enrichIp(a.ip) });
  return out;
}
