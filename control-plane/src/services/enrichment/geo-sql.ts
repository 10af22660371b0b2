// SQL files that load the range tables into D1 (`wrangler d1 execute --file`, or D1's exec()):
// one statement per line, each under D1's 100 KB statement limit, files of bounded size. The first
// file empties the tables (the dataset is then "not loaded": ingest stores scope only, the cron
// backfills later); the last marks it loaded, only when every row arrived (a lost chunk leaves it unloaded).
import type { GeoSegment, GeoTables } from './geo-ranges';

export interface GeoSqlOptions {
  /** Load time stored with the dataset row. */
  loadedAtMs: number;
  /** Bytes (UTF-8) per statement; D1 refuses statements over 100,000. */
  maxStatementBytes?: number;
  maxRowsPerStatement?: number;
  /** Bytes per file. */
  maxFileBytes?: number;
}

/**
 * A SQL string literal; control characters (a line break would split exec()'s lines) become char(n),
 * except NUL, which is dropped (the drivers read text only up to it).
 */
export function sqlString(s: string): string {
  const parts: string[] = [];
  let lit = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0) continue;
    if (c < 0x20 || c === 0x7f) {
      if (lit) parts.push(`'${lit}'`);
      parts.push(`char(${c})`);
      lit = '';
    } else lit += ch === "'" ? "''" : ch;
  }
  if (lit || !parts.length) parts.push(`'${lit}'`);
  return parts.join(' || ');
}

/** UTF-8 length of a string (statement limits are in bytes). */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) (n += 4, i++);
    else n += 3;
  }
  return n;
}

const hex32 = (k: bigint) => `'${k.toString(16).padStart(32, '0')}'`;
const opt = (v: string | number | null) => (v === null ? 'NULL' : typeof v === 'number' ? String(Math.trunc(v)) : sqlString(v));

/** Multi-row INSERTs of `tuples` (already SQL text), each within the byte and row limits. */
function inserts(head: string, tuples: Iterable<string>, maxBytes: number, maxRows: number): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  let bytes = 0;
  const flush = () => {
    if (cur.length) out.push(`${head} VALUES ${cur.join(',')};`);
    cur = [];
    bytes = 0;
  };
  const headBytes = utf8Bytes(head) + 9;
  for (const t of tuples) {
    const b = utf8Bytes(t) + 1;
    if (headBytes + b > maxBytes) throw new Error(`one row is over the statement limit: ${t.slice(0, 80)}`);
    if (cur.length >= maxRows || headBytes + bytes + b > maxBytes) flush();
    cur.push(t);
    bytes += b;
  }
  flush();
  return out;
}

function* segmentTuples(list: GeoSegment[], key: (k: bigint) => string): Generator<string> {
  for (const s of list) yield `(${key(s.start)},${key(s.end)},${opt(s.country)},${opt(s.asn)})`;
}

/** Every statement of a load, in order (one per array element, no line breaks inside). */
export function geoSqlStatements(t: GeoTables, o: GeoSqlOptions): string[] {
  const maxBytes = o.maxStatementBytes ?? 90_000;
  const maxRows = o.maxRowsPerStatement ?? 2000;
  const orgs = [...t.orgs.entries()].sort((a, b) => a[0] - b[0]);
  return [
    'DELETE FROM geo_dataset;',
    'DELETE FROM geo_v4;',
    'DELETE FROM geo_v6;',
    'DELETE FROM geo_as_orgs;',
    ...inserts('INSERT INTO geo_v4 (start_num, end_num, country, asn)', segmentTuples(t.v4, String), maxBytes, maxRows),
    ...inserts('INSERT INTO geo_v6 (start_key, end_key, country, asn)', segmentTuples(t.v6, hex32), maxBytes, maxRows),
    ...inserts('INSERT INTO geo_as_orgs (asn, org)', orgs.map(([asn, org]) => `(${opt(asn)},${sqlString(org)})`), maxBytes, maxRows),
    `INSERT INTO geo_dataset (id, version, v4_rows, v6_rows, loaded_at_ms) SELECT 1, ${sqlString(t.version)}, ${t.v4.length}, ${t.v6.length}, ${Math.trunc(o.loadedAtMs)} ` +
      `WHERE (SELECT count(*) FROM geo_v4) = ${t.v4.length} AND (SELECT count(*) FROM geo_v6) = ${t.v6.length} AND (SELECT count(*) FROM geo_as_orgs) = ${orgs.length};`,
  ];
}

/** The statements cut into file texts of at most `maxFileBytes` (one statement per line). */
export function geoSqlFiles(t: GeoTables, o: GeoSqlOptions): string[] {
  const maxFile = o.maxFileBytes ?? 8_000_000;
  const files: string[] = [];
  let cur: string[] = [];
  let bytes = 0;
  for (const st of geoSqlStatements(t, o)) {
    const b = utf8Bytes(st) + 1;
    if (cur.length && bytes + b > maxFile) (files.push(cur.join('\n') + '\n'), (cur = []), (bytes = 0));
    cur.push(st);
    bytes += b;
  }
  if (cur.length) files.push(cur.join('\n') + '\n');
  return files;
}
