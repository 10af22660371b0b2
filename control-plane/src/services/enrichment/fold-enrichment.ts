// The ingest fold's enrichment upsert: one row per new attacker address, INSERT ... ON CONFLICT DO
// NOTHING, so an address is enriched once (by whichever instance saw it first) and never rewritten
// on the hot path. Without the in-memory dataset (Workers) the same statement looks the address up
// in the D1 range tables (geo-lookup.ts). PTR names are resolved later (ptr.ts) for rows left `pending`.
import { q } from '../../db/raw-sql';
import type { BatchAggregate } from '../intel/aggregate';
import type { Upsert } from '../intel/upsert';
import { enrichIp, type Enrichment } from './enrich';
import { GEO, geoJoins, geoKey } from './geo-lookup';

export interface EnrichmentDelta extends Enrichment {
  attackerId: string;
  ip: string;
  /** Range-table key, set only for a public address the in-memory dataset did not answer. */
  geoKey: number | string | null;
}

const looked = { country: q.raw(GEO.country), asn: q.raw(GEO.asn), org: q.raw(GEO.org), version: q.raw(GEO.version) };

export const enrichmentUpsert: Upsert<EnrichmentDelta> = {
  columns: 9,
  values: (e) => [e.attackerId, e.ip, e.scope, e.country, e.asn, e.asOrg, e.dataset, e.scope === 'public' ? 'pending' : 'skipped', e.geoKey],
  // INSERT ... SELECT so the clock is one parameter, not one per row; `WHERE true` lets SQLite parse the upsert clause.
  // The looked-up columns are NULL when column9 is (the in-memory facts are kept as they are).
  statement: (values, now) => q`INSERT INTO attacker_enrichment (attacker_id, ip, scope, country, asn, as_org, dataset, ptr_status, enriched_at_ms)
      SELECT v.column1, v.column2, v.column3, coalesce(v.column4, ${looked.country}), coalesce(v.column5, ${looked.asn}), coalesce(v.column6, ${looked.org}), coalesce(v.column7, ${looked.version}), v.column8, ${now}
      FROM (VALUES ${values}) AS v ${geoJoins('v.column9')} WHERE true
      ON CONFLICT(attacker_id) DO NOTHING`,
};

/** Enrichment rows for every attacker address of a batch. */
export function enrichmentRows(agg: Pick<BatchAggregate, 'attackers'>): EnrichmentDelta[] {
  const out: EnrichmentDelta[] = [];
  for (const a of agg.attackers.values()) {
    const e = enrichIp(a.ip);
    out.push({ attackerId: a.id, ip: a.ip, ...e, geoKey: e.scope === 'public' && e.dataset === null ? geoKey(a.ip) : null });
  }
  return out;
}
