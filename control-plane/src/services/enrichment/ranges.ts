// Sorted, non-overlapping address ranges from ip-location-db CSV text, searched by binary search:
// IPv4 as unsigned numbers (the `-num.csv` files), IPv6 as four 32-bit words per address (the text
// files). Kept compact (12 MB of heap for both tables; 47 MB with a string per IPv6 key): typed arrays, no string
// per key, no reference left from a table to the CSV text or to the build's temporaries.
import { ipKey, ipv4ToNum } from './ip-scope';

/** RFC 4180 field split for one line (the org names quote commas and double their quotes). */
export function csvFields(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return [...out, v + line.slice(i)];
        v += line.slice(i, q);
        if (line[q + 1] === '"') (v += '"', (i = q + 2));
        else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
      i++; // the comma
    } else {
      const c = line.indexOf(',', i);
      out.push(c < 0 ? line.slice(i) : line.slice(i, c));
      if (c < 0) break;
      i = c + 1;
    }
  }
  return out;
}

/** A range table whose payload per row is an index into `values` (deduplicated). */
export interface RangeTable<V> {
  lookup(ip: string): V | null;
  size: number;
}

export type V6Words = [number, number, number, number];

/** The four 32-bit words of a 32-hex IPv6 key, most significant first. */
function v6Words(hex: string): V6Words {
  return [parseInt(hex.slice(0, 8), 16), parseInt(hex.slice(8, 16), 16), parseInt(hex.slice(16, 24), 16), parseInt(hex.slice(24, 32), 16)];
}

/** Compares the address at `row` of a 4-words-per-row table with `key`: <0, 0 or >0. */
export function compareV6(table: Uint32Array, row: number, key: readonly number[]): number {
  for (let w = 0; w < 4; w++) {
    const d = table[row * 4 + w]! - key[w]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** The last row whose start is <= key, or -1. */
export function searchV6(starts: Uint32Array, key: readonly number[]): number {
  let lo = 0;
  let hi = starts.length / 4 - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (compareV6(starts, mid, key) <= 0) (found = mid, (lo = mid + 1));
    else hi = mid - 1;
  }
  return found;
}

export function search<K>(starts: ArrayLike<K>, key: K): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! <= key) (found = mid, (lo = mid + 1));
    else hi = mid - 1;
  }
  return found;
}

/**
 * Trusted dataset text (no validation) to the 32-hex key; ipKey would validate each of 300k rows.
 * Joined, not concatenated: V8 keeps `+=` results as trees of string pieces (~5x the flat size).
 */
export function datasetV6Key(ip: string): string {
  const at = ip.indexOf('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(at < 0 ? ip : ip.slice(0, at));
  const right = at < 0 ? [] : groups(ip.slice(at + 2));
  const out: string[] = [];
  for (const g of left) out.push(g.padStart(4, '0'));
  out.push('0000'.repeat(8 - left.length - right.length));
  for (const g of right) out.push(g.padStart(4, '0'));
  return out.join('');
}

/**
 * Builds one table from an IPv4 numeric CSV and an IPv6 text CSV; `value` turns the columns after
 * the range into a payload (or null to skip the row). Rows must be sorted, as the dataset ships them.
 * The text is scanned by hand (a million rows at start-up): only a payload not seen before is split.
 */
export function buildRangeTable<V>(v4NumCsv: string, v6Csv: string, value: (cols: string[]) => V | null): RangeTable<V> {
  const steps = rangeTableSteps(v4NumCsv, v6Csv, value);
  for (;;) {
    const r = steps.next();
    if (r.done) return tableOf(r.value);
  }
}

/** The parsed rows of one table: IPv4 starts, ends and payload indexes; IPv6 the same with four words per address. */
export interface RangeArrays<V> {
  values: V[];
  s4: Uint32Array;
  e4: Uint32Array;
  val4: Int32Array;
  s6: Uint32Array;
  e6: Uint32Array;
  val6: Int32Array;
}

/** The rows without the lookup, yielding to the event loop every `ROWS_PER_SLICE` rows: a server keeps answering while it loads. */
export async function buildRangeArraysAsync<V>(v4NumCsv: string, v6Csv: string, value: (cols: string[]) => V | null): Promise<RangeArrays<V>> {
  const steps = rangeTableSteps(v4NumCsv, v6Csv, value);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise((ok) => setTimeout(ok, 0));
  }
}

const ROWS_PER_SLICE = 20_000;

function* rangeTableSteps<V>(v4NumCsv: string, v6Csv: string, value: (cols: string[]) => V | null): Generator<void, RangeArrays<V>> {
  const values: V[] = [];
  const index = new Map<string, number>();
  const intern = (rest: string): number => {
    let i = index.get(rest);
    if (i === undefined) {
      const v = value(csvFields(detached(rest)));
      i = v === null ? -1 : values.push(v) - 1;
      index.set(rest, i);
    }
    return i;
  };
  /** Calls `row(start, end, rest)` for each line `start,end,rest` of `text`, pausing every slice. */
  function* scan(text: string, row: (a: string, b: string, rest: string) => void): Generator<void> {
    let pos = 0;
    let n = 0;
    while (pos < text.length) {
      if (++n % ROWS_PER_SLICE === 0) yield;
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = text.length;
      const c1 = text.indexOf(',', pos);
      const c2 = c1 < 0 ? -1 : text.indexOf(',', c1 + 1);
      if (c2 > 0 && c2 < nl) row(text.slice(pos, c1), text.slice(c1 + 1, c2), text.slice(c2 + 1, text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl));
      pos = nl + 1;
    }
  }
  const v4Start: number[] = [];
  const v4End: number[] = [];
  const v4Val: number[] = [];
  yield* scan(v4NumCsv, (a, b, rest) => {
    const at = intern(rest);
    if (at >= 0) (v4Start.push(Number(a)), v4End.push(Number(b)), v4Val.push(at));
  });
  const v6Start: number[] = [];
  const v6End: number[] = [];
  const v6Val: number[] = [];
  yield* scan(v6Csv, (a, b, rest) => {
    const at = intern(rest);
    if (at >= 0 && !a.includes('.')) (v6Start.push(...v6Words(datasetV6Key(a))), v6End.push(...v6Words(datasetV6Key(b))), v6Val.push(at));
  });
  return { values, s4: Uint32Array.from(v4Start), e4: Uint32Array.from(v4End), val4: Int32Array.from(v4Val), s6: Uint32Array.from(v6Start), e6: Uint32Array.from(v6End), val6: Int32Array.from(v6Val) };
}

/**
 * The table's lookup, built outside the generator: a closure made inside it would keep the whole
 * build scope alive (the intern map, whose keys are slices of the CSV text, and the plain arrays).
 */
function tableOf<V>({ values, s4, e4, val4, s6, e6, val6 }: RangeArrays<V>): RangeTable<V> {
  return {
    size: s4.length + val6.length,
    lookup(ip) {
      const key = rangeKey(ip);
      if (key === null) return null;
      if (typeof key === 'number') {
        const i = search(s4, key);
        return i >= 0 && key <= e4[i]! ? values[val4[i]!]! : null;
      }
      const i = searchV6(s6, key);
      return i >= 0 && compareV6(e6, i, key) >= 0 ? values[val6[i]!]! : null;
    },
  };
}

/** A copy of `s` that does not share the CSV text: V8 substrings keep their whole parent string alive. */
const detached = (s: string): string => JSON.parse(JSON.stringify(s)) as string;

/** An address as a table key: an IPv4 number (IPv4-mapped IPv6 too) or IPv6's four words; null: not an address. */
export function rangeKey(ip: string): number | V6Words | null {
  const n = ipv4ToNum(ip);
  if (n !== null) return n;
  const key = ipKey(ip);
  if (key === null) return null;
  return key.startsWith('00000000000000000000ffff') ? parseInt(key.slice(24), 16) : v6Words(key);
}
