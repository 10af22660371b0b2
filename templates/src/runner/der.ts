// Minimal DER encoder (ITU-T X.690 §8, §10) for the one structure the runner builds: a self-signed
// X.509 v3 certificate (RFC 5280 §4.1). Definite lengths only; no parsing.

const cat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** X.690 §8.1.3: short form below 128, else long form with the minimal number of length octets. */
function lengthOctets(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = cat(content);
  return cat([Uint8Array.of(tag), lengthOctets(body.length), body]);
}

export const seq = (...items: Uint8Array[]): Uint8Array => tlv(0x30, ...items);
export const set = (...items: Uint8Array[]): Uint8Array => tlv(0x31, ...items);
export const nullValue = (): Uint8Array => Uint8Array.of(0x05, 0x00);
export const octetString = (b: Uint8Array): Uint8Array => tlv(0x04, b);
export const utf8String = (s: string): Uint8Array => tlv(0x0c, new TextEncoder().encode(s));
/** Context-specific constructed tag [n] (EXPLICIT). */
export const explicit = (n: number, inner: Uint8Array): Uint8Array => tlv(0xa0 | n, inner);
/** Context-specific primitive tag [n] (IMPLICIT), e.g. dNSName [2] in GeneralName. */
export const implicitPrimitive = (n: number, b: Uint8Array): Uint8Array => tlv(0x80 | n, b);

/** X.690 §8.6: BIT STRING with zero unused bits. */
export const bitString = (b: Uint8Array): Uint8Array => tlv(0x03, Uint8Array.of(0), b);

/** X.690 §8.3: a non-negative INTEGER from big-endian magnitude bytes (leading 0x00 when the top bit is set). */
export function unsignedInteger(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const trimmed = magnitude.subarray(i);
  const pad = (trimmed[0] ?? 0) & 0x80 ? Uint8Array.of(0) : new Uint8Array(0);
  return tlv(0x02, pad, trimmed);
}

export const smallInteger = (n: number): Uint8Array => unsignedInteger(Uint8Array.of(n));

/** X.690 §8.19: OBJECT IDENTIFIER from dotted form. */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [(arcs[0] ?? 0) * 40 + (arcs[1] ?? 0)];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function time(d: Date): Uint8Array {
  const iso = d.toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '') + 'Z';
  const year = d.getUTCFullYear();
  return year < 2050 ? tlv(0x17, new TextEncoder().encode(digits.slice(2))) : tlv(0x18, new TextEncoder().encode(digits));
}
