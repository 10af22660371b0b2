// Country, ASN and organisation from the D1 range tables (geo-sql.ts loads them), inside the SQL
// that writes enrichment rows: each address costs one primary-key seek per table, no extra round
// trip. The key is computed here: a number for IPv4 (and IPv4-mapped IPv6; drivers may bind it as
// REAL, so the SQL tests for either), 32-hex text for IPv6.
import { q, type RawSql, type SqlArg } from '../../db/raw-sql';
import { ipKey, ipv4ToNum } from './ip-scope';

/** The range-table key of an address, or null when it is not one. */
export function geoKey(ip: string): number | string | null {
  const v4 = ipv4ToNum(ip);
  if (v4 !== null) return v4;
  const key = ipKey(ip);
  if (key === null) return null;
  return key.startsWith('00000000000000000000ffff') ? parseInt(key.slice(24), 16) : key;
}

/**
 * FROM-clause joins giving `geo_m.version`, `geo4`/`geo6` (the segment) and `geo_org` for the row
 * source `src` whose column `keyCol` holds geoKey() (NULL: no lookup). Only a completed load
 * (the geo_dataset row) is used; while loading, nothing is found and the backfill fills in later.
 */
export function geoJoins(keyCol: string): RawSql {
  return q.raw(`LEFT JOIN geo_dataset AS geo_m ON geo_m.id = 1 AND ${keyCol} IS NOT NULL
    LEFT JOIN geo_v4 AS geo4 ON geo_m.id IS NOT NULL AND typeof(${keyCol}) IN ('integer', 'real')
      AND geo4.start_num = (SELECT start_num FROM geo_v4 WHERE start_num <= ${keyCol} ORDER BY start_num DESC LIMIT 1) AND geo4.end_num >= ${keyCol}
    LEFT JOIN geo_v6 AS geo6 ON geo_m.id IS NOT NULL AND typeof(${keyCol}) = 'text'
      AND geo6.start_key = (SELECT start_key FROM geo_v6 WHERE start_key <= ${keyCol} ORDER BY start_key DESC LIMIT 1) AND geo6.end_key >= ${keyCol}
    LEFT JOIN geo_as_orgs AS geo_org ON geo_org.asn = coalesce(geo4.asn, geo6.asn)`);
}

/** The looked-up columns (after geoJoins): country, asn, as_org, and the dataset version. */
export const GEO = { country: 'coalesce(geo4.country, geo6.country)', asn: 'coalesce(geo4.asn, geo6.asn)', org: 'geo_org.org', version: 'geo_m.version' } as const;

/** For tests and tools: the facts of some addresses in one query (null dataset: not loaded). */
export function geoLookupQuery(ips: string[]): RawSql {
  const rows: [string, SqlArg][] = ips.map((ip) => [ip, geoKey(ip)]);
  return q`SELECT json_extract(v.value, '$[0]'), ${q.raw(`${GEO.country}, ${GEO.asn}, ${GEO.org}, ${GEO.version}`)}
    FROM (SELECT key, value, json_extract(value, '$[1]') AS k FROM json_each(${JSON.stringify(rows)})) AS v ${geoJoins('v.k')} ORDER BY v.key`;
}
