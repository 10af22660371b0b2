// The BER subset SNMP uses (X.690 §8, RFC 3416 §3): single-byte tags, definite lengths of at most four
// octets, INTEGER, OCTET STRING, NULL, OBJECT IDENTIFIER and SEQUENCE. Decoding only takes views of the
// datagram: a length field is checked against the bytes present and never drives an allocation.
export const TAG = {
  INTEGER: 0x02, OCTETS: 0x04, NULL: 0x05, OID: 0x06, SEQUENCE: 0x30,
  IPADDR: 0x40, COUNTER32: 0x41, GAUGE32: 0x42, TIMETICKS: 0x43, OPAQUE: 0x44, COUNTER64: 0x46,
  NO_SUCH_OBJECT: 0x80, NO_SUCH_INSTANCE: 0x81, END_OF_MIB_VIEW: 0x82,
} as const;

/** net-snmp's MAX_OID_LEN: longer OIDs are refused. */
export const MAX_OID_ARCS = 128;

export class BerError extends Error {}

export interface Tlv {
  tag: number;
  /** Content start and end offsets in the buffer. */
  start: number;
  end: number;
}

/** One TLV at `off` whose content must end by `limit` (X.690 §8.1.3: definite form only). */
export function readTlv(buf: Uint8Array, off: number, limit: number): Tlv {
  if (off + 2 > limit) throw new BerError('truncated');
  const tag = buf[off]!;
  // X.690 §8.1.2.4: the high-tag-number form never occurs in SNMP.
  if ((tag & 0x1f) === 0x1f) throw new BerError('bad_tag');
  let len = buf[off + 1]!;
  let p = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    // 0x80 is the indefinite form (X.690 §8.1.3.6), not allowed in SNMP; more than 4 octets is absurd here.
    if (n === 0 || n > 4) throw new BerError('bad_length');
    if (p + n > limit) throw new BerError('truncated');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i]!;
    p += n;
  }
  if (len > limit - p) throw new BerError('length_exceeds_datagram');
  return { tag, start: p, end: p + len };
}

export function expectTlv(buf: Uint8Array, off: number, limit: number, tag: number): Tlv {
  const t = readTlv(buf, off, limit);
  if (t.tag !== tag) throw new BerError('unexpected_tag');
  return t;
}

/** INTEGER (X.690 §8.3) as a signed 32-bit value (request-id, error-status, version ...). */
export function readInt(buf: Uint8Array, t: Tlv): number {
  const n = t.end - t.start;
  if (n < 1 || n > 5) throw new BerError('bad_integer');
  let v = buf[t.start]! & 0x80 ? -1 : 0;
  for (let i = t.start; i < t.end; i++) v = v * 256 + buf[i]!;
  if (v < -0x80000000 || v > 0xffffffff) throw new BerError('bad_integer');
  return v > 0x7fffffff ? v - 0x100000000 : v;
}

/** OBJECT IDENTIFIER (X.690 §8.19): base-128 arcs of at most 32 bits, at most MAX_OID_ARCS arcs. */
export function readOid(buf: Uint8Array, t: Tlv): number[] {
  if (t.end === t.start) throw new BerError('bad_oid');
  const arcs: number[] = [];
  let v = 0;
  let digits = 0;
  for (let i = t.start; i < t.end; i++) {
    const b = buf[i]!;
    if (digits === 0 && b === 0x80) throw new BerError('bad_oid');
    v = v * 128 + (b & 0x7f);
    if (v > 0xffffffff) throw new BerError('bad_oid');
    digits++;
    if ((b & 0x80) === 0) {
      if (arcs.length === 0) arcs.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else arcs.push(v);
      if (arcs.length > MAX_OID_ARCS) throw new BerError('oid_too_long');
      v = 0;
      digits = 0;
    }
  }
  if (digits !== 0) throw new BerError('bad_oid');
  return arcs;
}

// Encoding (responses only; sizes are ours, never the peer's).

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

export function tlv(tag: number, content: Uint8Array): Uint8Array {
  const head = [tag, ...lengthBytes(content.length)];
  const out = new Uint8Array(head.length + content.length);
  out.set(head, 0);
  out.set(content, head.length);
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const seq = (...parts: Uint8Array[]): Uint8Array => tlv(TAG.SEQUENCE, concat(parts));

/** Minimal two's-complement INTEGER (X.690 §8.3.2). */
export function encInt(v: number, tag: number = TAG.INTEGER): Uint8Array {
  const bytes: number[] = [];
  let x = Math.trunc(v);
  do {
    bytes.unshift(((x % 256) + 256) % 256);
    x = Math.floor(x / 256);
  } while (x !== 0 && x !== -1);
  if (x === 0 && (bytes[0]! & 0x80)) bytes.unshift(0);
  if (x === -1 && !(bytes[0]! & 0x80)) bytes.unshift(0xff);
  return tlv(tag, Uint8Array.from(bytes));
}

/** Counter32, Gauge32, TimeTicks, Counter64: unsigned, encoded as a non-negative INTEGER body. */
export function encUnsigned(tag: number, v: number | bigint): Uint8Array {
  let x = BigInt(v);
  if (x < 0n) x = 0n;
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(x & 0xffn));
    x >>= 8n;
  } while (x > 0n);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(tag, Uint8Array.from(bytes));
}

export const encOctets = (b: Uint8Array | string): Uint8Array => tlv(TAG.OCTETS, typeof b === 'string' ? Buffer.from(b, 'latin1') : b);
export const encNull = (tag: number = TAG.NULL): Uint8Array => Uint8Array.of(tag, 0);

export function encOid(arcs: readonly number[]): Uint8Array {
  const out: number[] = [];
  const push = (v: number): void => {
    const stack = [v & 0x7f];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) stack.unshift((x & 0x7f) | 0x80);
    out.push(...stack);
  };
  push((arcs[0] ?? 0) * 40 + (arcs[1] ?? 0));
  for (const a of arcs.slice(2)) push(a);
  return tlv(TAG.OID, Uint8Array.from(out));
}

export const oidString = (arcs: readonly number[]): string => arcs.join('.');
export const parseOid = (s: string): number[] => s.split('.').filter((x) => x !== '').map(Number);

export function compareOid(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length - b.length;
}
