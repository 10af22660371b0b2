// A small, bounded BSON codec (bsonspec.org 1.1): decodes attacker documents into Maps with a depth
// and element budget (never trusting a length for allocation), and encodes the server's replies with
// the exact element types mongod uses (double `ok`, int32 counters, int64 sizes, dates, ObjectIds).

export class Int32 {
  constructor(readonly value: number) {}
}
export class Long {
  constructor(readonly value: bigint) {}
}
export class ObjectId {
  constructor(readonly bytes: Uint8Array) {}
}
export class Binary {
  constructor(readonly bytes: Uint8Array, readonly subtype = 0) {}
}
/** A BSON type we skip over but do not model (regex, code, decimal128, timestamp ...). */
export class Opaque {
  constructor(readonly type: number) {}
}

export type BsonValue = string | number | boolean | null | Int32 | Long | Date | ObjectId | Binary | Opaque | BsonValue[] | BsonDoc | Map<string, BsonValue>;
export interface BsonDoc {
  [key: string]: BsonValue | undefined;
}
export type Decoded = Map<string, BsonValue>;

export class BsonError extends Error {}

export interface DecodeLimits {
  maxDepth: number;
  /** Elements over the whole document, nested ones included. */
  maxElements: number;
}
export const DEFAULT_LIMITS: DecodeLimits = { maxDepth: 32, maxElements: 4096 };

/** Decodes one document that must span `buf` exactly; throws BsonError on anything malformed. */
export function decodeDocument(buf: Uint8Array, limits: DecodeLimits = DEFAULT_LIMITS): Decoded {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const budget = { left: limits.maxElements };
  const [doc, end] = readDoc(b, 0, 0, limits.maxDepth, budget, false);
  if (end !== b.length) throw new BsonError('trailing bytes after document');
  return doc as Decoded;
}

/** Total length of the document starting at `off` (its int32 prefix), or -1 when not readable. */
export function documentLength(b: Buffer, off: number): number {
  return off + 4 <= b.length ? b.readInt32LE(off) : -1;
}

function cstring(b: Buffer, off: number): [string, number] {
  const end = b.indexOf(0, off);
  if (end < 0) throw new BsonError('unterminated cstring');
  return [b.toString('utf8', off, end), end + 1];
}

function readDoc(b: Buffer, off: number, depth: number, maxDepth: number, budget: { left: number }, array: boolean): [Decoded | BsonValue[], number] {
  if (depth > maxDepth) throw new BsonError('document too deep');
  const len = documentLength(b, off);
  if (len < 5 || off + len > b.length) throw new BsonError('bad document length');
  const end = off + len;
  if (b[end - 1] !== 0) throw new BsonError('document not terminated');
  const map: Decoded = new Map();
  const list: BsonValue[] = [];
  let p = off + 4;
  while (p < end - 1) {
    if (--budget.left < 0) throw new BsonError('too many elements');
    const type = b[p++] ?? 0;
    const [key, next] = cstring(b, p);
    if (next > end - 1) throw new BsonError('element past document end');
    const [value, after] = readValue(b, type, next, end - 1, depth, maxDepth, budget);
    p = after;
    if (array) list.push(value);
    else if (!map.has(key)) map.set(key, value);
  }
  if (p !== end - 1) throw new BsonError('element past document end');
  return [array ? list : map, end];
}

function need(p: number, n: number, limit: number): void {
  if (p + n > limit) throw new BsonError('value past document end');
}

function readValue(b: Buffer, type: number, p: number, limit: number, depth: number, maxDepth: number, budget: { left: number }): [BsonValue, number] {
  switch (type) {
    case 0x01: need(p, 8, limit); return [b.readDoubleLE(p), p + 8];
    case 0x02: case 0x0d: case 0x0e: {
      need(p, 4, limit);
      const n = b.readInt32LE(p);
      if (n < 1 || p + 4 + n > limit || b[p + 3 + n] !== 0) throw new BsonError('bad string');
      const s = b.toString('utf8', p + 4, p + 3 + n);
      return [type === 0x02 ? s : new Opaque(type), p + 4 + n];
    }
    case 0x03: case 0x04: {
      const [d, end] = readDoc(b, p, depth + 1, maxDepth, budget, type === 0x04);
      if (end > limit) throw new BsonError('value past document end');
      return [d, end];
    }
    case 0x05: {
      need(p, 5, limit);
      const n = b.readInt32LE(p);
      if (n < 0 || p + 5 + n > limit) throw new BsonError('bad binary');
      return [new Binary(Uint8Array.from(b.subarray(p + 5, p + 5 + n)), b[p + 4] ?? 0), p + 5 + n];
    }
    case 0x06: case 0x0a: case 0x7f: case 0xff: return [type === 0x0a ? null : new Opaque(type), p];
    case 0x07: need(p, 12, limit); return [new ObjectId(Uint8Array.from(b.subarray(p, p + 12))), p + 12];
    case 0x08: need(p, 1, limit); return [b[p] !== 0, p + 1];
    case 0x09: need(p, 8, limit); return [new Date(Number(b.readBigInt64LE(p))), p + 8];
    case 0x0b: {
      const [, a] = cstring(b, p);
      const [, c] = cstring(b, a);
      if (c > limit) throw new BsonError('bad regex');
      return [new Opaque(type), c];
    }
    case 0x0c: need(p, 4, limit); { const n = b.readInt32LE(p); if (n < 1 || p + 4 + n + 12 > limit) throw new BsonError('bad dbpointer'); return [new Opaque(type), p + 4 + n + 12]; }
    case 0x0f: {
      need(p, 4, limit);
      const n = b.readInt32LE(p);
      if (n < 14 || p + n > limit) throw new BsonError('bad code_w_s');
      return [new Opaque(type), p + n];
    }
    case 0x10: need(p, 4, limit); return [new Int32(b.readInt32LE(p)), p + 4];
    case 0x11: need(p, 8, limit); return [new Opaque(type), p + 8];
    case 0x12: need(p, 8, limit); return [new Long(b.readBigInt64LE(p)), p + 8];
    case 0x13: need(p, 16, limit); return [new Opaque(type), p + 16];
    default: throw new BsonError(`unknown element type 0x${type.toString(16)}`);
  }
}

/** A number as mongod reads it for flags like `hello: 1`, `nameOnly: true`. */
export function asNumber(v: BsonValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Int32) return v.value;
  if (v instanceof Long) return Number(v.value);
  return undefined;
}

export function truthy(v: BsonValue | undefined): boolean {
  const n = asNumber(v);
  return n !== undefined ? n !== 0 : v !== undefined && v !== null;
}

export function asDoc(v: BsonValue | undefined): Decoded | undefined {
  return v instanceof Map ? v : undefined;
}

// ---- encoding -------------------------------------------------------------------------------

class Writer {
  parts: Buffer[] = [];
  length = 0;
  push(b: Buffer): void {
    this.parts.push(b);
    this.length += b.length;
  }
}

function entries(d: BsonDoc | Map<string, BsonValue>): Array<[string, BsonValue]> {
  if (d instanceof Map) return [...d.entries()];
  return Object.entries(d).filter((e): e is [string, BsonValue] => e[1] !== undefined);
}

function writeDoc(w: Writer, items: Array<[string, BsonValue]>): void {
  const inner = new Writer();
  for (const [k, v] of items) writeElement(inner, k, v);
  const head = Buffer.alloc(4);
  head.writeInt32LE(inner.length + 5);
  w.push(head);
  for (const p of inner.parts) w.push(p);
  w.push(Buffer.from([0]));
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
}

function writeElement(w: Writer, key: string, v: BsonValue): void {
  const name = Buffer.from(`${key}\0`, 'utf8');
  const typed = (type: number, body: Buffer): void => {
    w.push(Buffer.from([type]));
    w.push(name);
    w.push(body);
  };
  if (typeof v === 'number') {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(v);
    return typed(0x01, b);
  }
  if (typeof v === 'string') {
    const s = Buffer.from(v, 'utf8');
    return typed(0x02, Buffer.concat([int32(s.length + 1), s, Buffer.from([0])]));
  }
  if (typeof v === 'boolean') return typed(0x08, Buffer.from([v ? 1 : 0]));
  if (v === null || v instanceof Opaque) return typed(0x0a, Buffer.alloc(0));
  if (v instanceof Int32) return typed(0x10, int32(v.value));
  if (v instanceof Long) {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(v.value);
    return typed(0x12, b);
  }
  if (v instanceof Date) {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(BigInt(v.getTime()));
    return typed(0x09, b);
  }
  if (v instanceof ObjectId) return typed(0x07, Buffer.from(v.bytes));
  if (v instanceof Binary) return typed(0x05, Buffer.concat([int32(v.bytes.length), Buffer.from([v.subtype]), Buffer.from(v.bytes)]));
  const sub = new Writer();
  if (Array.isArray(v)) writeDoc(sub, v.map((x, i) => [String(i), x]));
  else writeDoc(sub, entries(v));
  typed(Array.isArray(v) ? 0x04 : 0x03, Buffer.concat(sub.parts));
}

export function encodeDocument(d: BsonDoc | Map<string, BsonValue>): Buffer {
  const w = new Writer();
  writeDoc(w, entries(d));
  return Buffer.concat(w.parts);
}
