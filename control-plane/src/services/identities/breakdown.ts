// Where attackers come from: top countries (with how many identities have a member there) and top
// ASNs, from the enrichment table (migration 0010) when it exists; empty lists otherwise.
import type { GeoBreakdown } from '@decnet/protocol';
import type { AppDeps } from '../../deps';
import { q } from '../../db/raw-sql';

const TOP = 15;

export async function geoBreakdown(deps: AppDeps): Promise<GeoBreakdown> {
  const [t] = await deps.rawBatch([q`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attacker_enrichment'`]);
  if (!t?.rows.length) return { countries: [], asns: [] };
  const [c, a] = await deps.rawBatch([
    q`SELECT e.country, count(*), count(DISTINCT m.identity_id) FROM attacker_enrichment e LEFT JOIN identity_members m ON m.attacker_id = e.attacker_id WHERE e.country IS NOT NULL GROUP BY e.country ORDER BY 2 DESC, 1 LIMIT ${TOP}`,
    q`SELECT e.asn, max(e.as_org), count(*) FROM attacker_enrichment e WHERE e.asn IS NOT NULL GROUP BY e.asn ORDER BY 3 DESC, 1 LIMIT ${TOP}`,
  ]);
  return {
    countries: (c?.rows ?? []).map((r) => ({ country: String(r[0]), attackers: Number(r[1]), identities: Number(r[2]) })),
    asns: (a?.rows ?? []).map((r) => ({ asn: String(r[0]), org: r[1] == null ? null : String(r[1]).slice(0, 120), attackers: Number(r[2]) })),
  };
}
