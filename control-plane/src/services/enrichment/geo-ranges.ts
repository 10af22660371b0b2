// The ip-location-db files as disjoint segments carrying both country and ASN, for the D1 range
// tables (geo_v4/geo_v6): built to answer exactly what the in-memory RangeTable (ranges.ts) answers,
// i.e. per dataset the row with the greatest start at or below the address, when it reaches it.
import { asnValue, countryValue, type IpDatasetFiles } from './dataset';
import { csvFields, datasetV6Key } from './ranges';

export interface GeoSegment {
  start: bigint;
  end: bigint;
  country: string | null;
  asn: number | null;
}

export interface GeoTables {
  version: string;
  /** IPv4 segments (keys 0..2^32-1), sorted, disjoint, adjacent equal ones joined. */
  v4: GeoSegment[];
  /** IPv6 segments (keys 0..2^128-1), likewise. */
  v6: GeoSegment[];
  /** Organisation per ASN. */
  orgs: Map<number, string>;
}

interface Row<V> {
  s: bigint;
  e: bigint;
  v: V;
}

/** Rows `start,end,rest` of a CSV whose payload `value(rest)` is not null, in file order. */
function rows<V>(text: string, key: (s: string) => bigint | null, value: (cols: string[]) => V | null): Row<V>[] {
  const out: Row<V>[] = [];
  const memo = new Map<string, V | null>();
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const c1 = line.indexOf(',');
    const c2 = c1 < 0 ? -1 : line.indexOf(',', c1 + 1);
    if (c2 < 0) continue;
    const rest = line.slice(c2 + 1);
    let v = memo.get(rest);
    if (v === undefined) memo.set(rest, (v = value(csvFields(rest))));
    const s = key(line.slice(0, c1));
    const e = key(line.slice(c1 + 1, c2));
    if (v !== null && s !== null && e !== null) out.push({ s, e, v });
  }
  return out;
}

const v4Key = (t: string): bigint | null => (/^\d{1,10}$/.test(t) && Number(t) <= 0xffffffff ? BigInt(t) : null);
// The Node table skips IPv6 rows written with an IPv4 tail; so does this.
const v6Key = (t: string): bigint | null => (t.includes(':') && !t.includes('.') ? BigInt(`0x${datasetV6Key(t)}`) : null);

/**
 * What a binary search over the starts finds, as disjoint ranges: a row reaches at most up to the
 * next row's start (the search never looks past it), and of equal starts the last row wins.
 */
function effective<V>(list: Row<V>[]): Row<V>[] {
  const sorted = list.every((r, i) => i === 0 || list[i - 1]!.s <= r.s) ? list : [...list].sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : 0));
  const out: Row<V>[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i]!;
    const next = sorted[i + 1];
    const e = next && next.s - 1n < r.e ? next.s - 1n : r.e;
    if (e >= r.s) out.push({ s: r.s, e, v: r.v });
  }
  return out;
}

/** Sweeps two disjoint sorted lists into segments covered by either, each with both payloads. */
function merge(country: Row<string>[], asn: Row<number>[]): GeoSegment[] {
  const out: GeoSegment[] = [];
  let i = 0;
  let j = 0;
  let pos = -1n;
  while (i < country.length || j < asn.length) {
    const a = country[i];
    const b = asn[j];
    let start = a && (!b || a.s < b.s) ? a.s : b!.s;
    if (start < pos) start = pos;
    const aIn = !!a && a.s <= start;
    const bIn = !!b && b.s <= start;
    let end = aIn ? a.e : a ? a.s - 1n : -1n;
    const endB = bIn ? b.e : b ? b.s - 1n : -1n;
    if (end < 0n || (endB >= 0n && endB < end)) end = endB;
    const country_ = aIn ? a.v : null;
    const asn_ = bIn ? b.v : null;
    const last = out[out.length - 1];
    if (last && last.end + 1n === start && last.country === country_ && last.asn === asn_) last.end = end;
    else out.push({ start, end, country: country_, asn: asn_ });
    pos = end + 1n;
    if (aIn && a.e === end) i++;
    if (bIn && b.e === end) j++;
  }
  return out;
}

/** The D1 tables' content from the same files the Node runtime parses. */
export function buildGeoTables(f: IpDatasetFiles): GeoTables {
  const orgs = new Map<number, string>();
  const asn = (text: string, key: (s: string) => bigint | null) =>
    rows(text, key, asnValue).map(({ s, e, v }) => {
      if (v.org !== null && !orgs.has(v.asn)) orgs.set(v.asn, v.org);
      return { s, e, v: v.asn };
    });
  return {
    version: f.version,
    v4: merge(effective(rows(f.countryV4Num, v4Key, countryValue)), effective(asn(f.asnV4Num, v4Key))),
    v6: merge(effective(rows(f.countryV6, v6Key, countryValue)), effective(asn(f.asnV6, v6Key))),
    orgs,
  };
}
