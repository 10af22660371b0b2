// The IP dataset as one binary image, read in small pieces. The Node control plane writes it to its
// data directory once per dataset version and then looks an address up with two positioned reads
// of a few hundred bytes per table (its rows' block, then the value), instead of holding the parsed
// tables in its heap (~33 MB: typed arrays and 91,000 organisation objects). Runtime neutral: the
// reader is given `readAt(offset, length)`.
//
// Layout, little-endian: 'DNIPIMG1', u32 header length, the header (JSON), then 4-aligned sections
// at offsets from the end of the header. Per table and address family: rows of [start, end, value
// offset] (IPv4: 3 words; IPv6: 4 + 4 + 1 words) and a block index (the start of every blockRows-th
// row; the only part held in memory, ~60 KB in all). Values: records of u16 length + JSON text.
import { compareV6, rangeKey, search, searchV6, type RangeArrays, type RangeTable } from './ranges';

const MAGIC = 'DNIPIMG1';
const FORMAT = 1;
const PREAMBLE = 12;
/** Rows per block: one read of 768 (IPv4) or 2,304 (IPv6) bytes finds the row. */
export const BLOCK_ROWS = 64;
/** A header larger than this is not one of ours (it holds a few offsets per table). */
const MAX_HEADER_BYTES = 64 * 1024;

interface FamilyHeader {
  rows: number;
  at: number;
  indexAt: number;
}
interface TableHeader {
  v4: FamilyHeader;
  v6: FamilyHeader;
  valuesAt: number;
  /** Longest value record (u16 length included): one read of this many bytes gets any value. */
  maxRecord: number;
}
interface ImageHeader {
  format: number;
  /** The dataset's package versions. */
  version: string;
  /** What the image was built from (sizes and times of the source files): a changed source makes it stale. */
  source: string;
  /** Length of the whole image in bytes: a shorter file is a torn write. */
  bytes: number;
  blockRows: number;
  tables: Record<string, TableHeader>;
}

export interface DatasetImage {
  version: string;
  source: string;
  tables: Record<string, RangeTable<unknown>>;
}

const V4_WORDS = 3;
const V6_WORDS = 9;
const align4 = (n: number) => (n + 3) & ~3;

/** The image of parsed tables (`tables`: name to rows, as ranges.ts parses them). */
export function encodeDatasetImage(version: string, source: string, tables: Record<string, RangeArrays<unknown>>, blockRows = BLOCK_ROWS): Uint8Array {
  const utf8 = new TextEncoder();
  let at = 0;
  const take = (bytes: number) => {
    const mine = at;
    at = align4(at + bytes);
    return mine;
  };
  const plan = Object.entries(tables).map(([name, t]) => {
    const records = t.values.map((v) => utf8.encode(JSON.stringify(v)));
    for (const r of records) if (r.length > 0xffff) throw new Error(`a value of table ${name} is over 64 KB`);
    const v4Rows = t.s4.length;
    const v6Rows = t.val6.length;
    const head: TableHeader = {
      v4: { rows: v4Rows, at: take(v4Rows * V4_WORDS * 4), indexAt: take(Math.ceil(v4Rows / blockRows) * 4) },
      v6: { rows: v6Rows, at: take(v6Rows * V6_WORDS * 4), indexAt: take(Math.ceil(v6Rows / blockRows) * 16) },
      valuesAt: take(records.reduce((n, r) => n + 2 + r.length, 0)),
      maxRecord: records.reduce((n, r) => Math.max(n, 2 + r.length), 0),
    };
    return { name, t, records, head };
  });
  const dataBytes = at;
  // The header holds the total length, whose digits change the header's own length: settle it.
  let header = '';
  let dataStart = 0;
  for (let guess = 0; ; ) {
    const h: ImageHeader = { format: FORMAT, version, source, bytes: guess, blockRows, tables: Object.fromEntries(plan.map((p) => [p.name, p.head])) };
    header = JSON.stringify(h);
    dataStart = align4(PREAMBLE + utf8.encode(header).length);
    if (guess === dataStart + dataBytes) break;
    guess = dataStart + dataBytes;
  }
  const headerBytes = utf8.encode(header);
  const out = new Uint8Array(dataStart + dataBytes);
  const dv = new DataView(out.buffer);
  out.set(utf8.encode(MAGIC), 0);
  dv.setUint32(8, headerBytes.length, true);
  out.set(headerBytes, PREAMBLE);
  for (const { t, records, head } of plan) {
    const offsets = new Uint32Array(records.length);
    let v = dataStart + head.valuesAt;
    records.forEach((r, i) => {
      offsets[i] = v - dataStart - head.valuesAt;
      dv.setUint16(v, r.length, true);
      out.set(r, v + 2);
      v += 2 + r.length;
    });
    let p = dataStart + head.v4.at;
    for (let i = 0; i < head.v4.rows; i++, p += V4_WORDS * 4) {
      dv.setUint32(p, t.s4[i]!, true);
      dv.setUint32(p + 4, t.e4[i]!, true);
      dv.setUint32(p + 8, offsets[t.val4[i]!]!, true);
      if (i % blockRows === 0) dv.setUint32(dataStart + head.v4.indexAt + (i / blockRows) * 4, t.s4[i]!, true);
    }
    p = dataStart + head.v6.at;
    for (let i = 0; i < head.v6.rows; i++, p += V6_WORDS * 4) {
      for (let w = 0; w < 4; w++) {
        dv.setUint32(p + w * 4, t.s6[i * 4 + w]!, true);
        dv.setUint32(p + 16 + w * 4, t.e6[i * 4 + w]!, true);
        if (i % blockRows === 0) dv.setUint32(dataStart + head.v6.indexAt + (i / blockRows) * 16 + w * 4, t.s6[i * 4 + w]!, true);
      }
      dv.setUint32(p + 32, offsets[t.val6[i]!]!, true);
    }
  }
  return out;
}

/** Reads `length` bytes at `offset` (fewer at the end of the image). */
export type ReadAt = (offset: number, length: number) => Uint8Array;

const words = (b: Uint8Array): Uint32Array => {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out = new Uint32Array(b.byteLength >>> 2);
  for (let i = 0; i < out.length; i++) out[i] = dv.getUint32(i * 4, true);
  return out;
};

/** The header of an image, or why it is not a usable one (`size`: the file's length). */
export function readImageHeader(readAt: ReadAt, size: number): { header: ImageHeader; dataStart: number } | { error: string } {
  const pre = readAt(0, PREAMBLE);
  if (pre.length < PREAMBLE || new TextDecoder().decode(pre.subarray(0, 8)) !== MAGIC) return { error: 'not a dataset image' };
  const length = new DataView(pre.buffer, pre.byteOffset, PREAMBLE).getUint32(8, true);
  if (length > MAX_HEADER_BYTES) return { error: 'header too long' };
  let header: ImageHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(readAt(PREAMBLE, length))) as ImageHeader;
  } catch {
    return { error: 'unreadable header' };
  }
  if (header.format !== FORMAT) return { error: `format ${String(header.format)}, not ${FORMAT}` };
  if (header.bytes !== size) return { error: `${size} bytes, the header says ${header.bytes} (torn write)` };
  return { header, dataStart: align4(PREAMBLE + length) };
}

/** Opens an image for lookups: reads its header and block indexes; rows and values are read per lookup. */
export function openDatasetImage(readAt: ReadAt, size: number): DatasetImage {
  const h = readImageHeader(readAt, size);
  if ('error' in h) throw new Error(`IP dataset image: ${h.error}`);
  const { header, dataStart } = h;
  const B = header.blockRows;
  const tables: Record<string, RangeTable<unknown>> = {};
  for (const [name, t] of Object.entries(header.tables)) {
    const index4 = words(readAt(dataStart + t.v4.indexAt, Math.ceil(t.v4.rows / B) * 4));
    const index6 = words(readAt(dataStart + t.v6.indexAt, Math.ceil(t.v6.rows / B) * 16));
    const value = (offset: number): unknown => {
      const rec = readAt(dataStart + t.valuesAt + offset, t.maxRecord);
      const len = rec[0]! | (rec[1]! << 8);
      return JSON.parse(new TextDecoder().decode(rec.subarray(2, 2 + len)));
    };
    tables[name] = {
      size: t.v4.rows + t.v6.rows,
      lookup(ip) {
        const key = rangeKey(ip);
        if (key === null) return null;
        if (typeof key === 'number') {
          const b = search(index4, key);
          if (b < 0) return null;
          const rows = words(readAt(dataStart + t.v4.at + b * B * V4_WORDS * 4, Math.min(B, t.v4.rows - b * B) * V4_WORDS * 4));
          const starts = rows.filter((_, i) => i % V4_WORDS === 0);
          const i = search(starts, key);
          return i >= 0 && key <= rows[i * V4_WORDS + 1]! ? value(rows[i * V4_WORDS + 2]!) : null;
        }
        const b = searchV6(index6, key);
        if (b < 0) return null;
        const rows = words(readAt(dataStart + t.v6.at + b * B * V6_WORDS * 4, Math.min(B, t.v6.rows - b * B) * V6_WORDS * 4));
        const n = rows.length / V6_WORDS;
        const starts = new Uint32Array(n * 4);
        const ends = new Uint32Array(n * 4);
        for (let r = 0; r < n; r++) (starts.set(rows.subarray(r * V6_WORDS, r * V6_WORDS + 4), r * 4), ends.set(rows.subarray(r * V6_WORDS + 4, r * V6_WORDS + 8), r * 4));
        const i = searchV6(starts, key);
        return i >= 0 && compareV6(ends, i, key) >= 0 ? value(rows[i * V6_WORDS + 8]!) : null;
      },
    };
  }
  return { version: header.version, source: header.source, tables };
}
