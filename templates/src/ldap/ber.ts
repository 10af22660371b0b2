// BER (X.690 §8) for LDAP (RFC 4511 §5.1): decoding with strict bounds (definite lengths only, at most
// 4 length octets, nesting depth and sizes capped, every child inside its parent) and an encoder that
// writes constructed lengths in the 4-octet long form (0x84) as Active Directory's and OpenLDAP's do.

export interface Tlv {
  /** The identifier octet (class, constructed bit, tag number < 31). */
  tag: number;
  value: Buffer;
}

export class BerError extends Error {}

export const MAX_DEPTH = 16;
const MAX_CHILDREN = 1024;

/** Header of the TLV at `off`: null when more bytes are needed; throws on what BER forbids here. */
export function readHeader(b: Buffer, off: number, maxLength: number): { tag: number; headerLen: number; length: number } | null {
  if (b.length - off < 2) return null;
  const tag = b[off]!;
  if ((tag & 0x1f) === 0x1f) throw new BerError('high tag numbers are not used by LDAP');
  const first = b[off + 1]!;
  if (first < 0x80) return { tag, headerLen: 2, length: first };
  const n = first & 0x7f;
  if (n === 0) throw new BerError('indefinite length');
  if (n > 4) throw new BerError('length too long');
  if (b.length - off < 2 + n) return null;
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + b[off + 2 + i]!;
  if (length > maxLength) throw new BerError(`length ${length} over ${maxLength}`);
  return { tag, headerLen: 2 + n, length };
}

/** The children of a constructed value; every child must end inside it. */
export function children(v: Buffer): Tlv[] {
  const out: Tlv[] = [];
  let off = 0;
  while (off < v.length) {
    if (out.length >= MAX_CHILDREN) throw new BerError('too many elements');
    const h = readHeader(v, off, v.length);
    if (!h || off + h.headerLen + h.length > v.length) throw new BerError('element overruns its parent');
    out.push({ tag: h.tag, value: v.subarray(off + h.headerLen, off + h.headerLen + h.length) });
    off += h.headerLen + h.length;
  }
  return out;
}

export function int(t: Tlv | undefined): number {
  if (!t || t.value.length === 0 || t.value.length > 4) throw new BerError('bad integer');
  return t.value.readIntBE(0, t.value.length);
}

export const str = (t: Tlv | undefined, max = 1024): string => (t ? t.value.toString('utf8').slice(0, max) : '');

// ---- encoding

function lengthOctets(n: number, longForm: boolean): Buffer {
  if (longForm) {
    const b = Buffer.alloc(5);
    b[0] = 0x84;
    b.writeUInt32BE(n, 1);
    return b;
  }
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) bytes.unshift(x & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), lengthOctets(value.length, (tag & 0x20) !== 0), value]);
}

export const seq = (tag: number, ...items: Buffer[]): Buffer => tlv(tag, Buffer.concat(items));
export const octets = (s: string | Buffer, tag = 0x04): Buffer => tlv(tag, typeof s === 'string' ? Buffer.from(s, 'utf8') : s);

export function integer(n: number, tag = 0x02): Buffer {
  const bytes: number[] = [];
  let x = n;
  do {
    bytes.unshift(x & 0xff);
    x = Math.floor(x / 256);
  } while (x > 0);
  if ((bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  return tlv(tag, Buffer.from(bytes));
}
