// Byte helpers on Web APIs only (TextEncoder, btoa/atob): UTF-8 sizes, base64, hex.
// Shared by the RFC 5424 formatter, credential encoding and event ids.

const encoder = new TextEncoder();

/** UTF-8 length of one code point. */
export function utf8CodePointBytes(cp: number): number {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

/** UTF-8 byte length of a (well-formed) string without allocating. */
export function utf8ByteLength(s: string): number {
  let n = 0;
  for (const ch of s) n += utf8CodePointBytes(ch.codePointAt(0) ?? 0);
  return n;
}

export function utf8Encode(s: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(s);
}

/** Replace lone UTF-16 surrogates with U+FFFD so byte accounting and encoding agree. */
export function toWellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Cut to at most maxUnits UTF-16 code units without splitting a surrogate pair. */
export function truncateUnits(s: string, maxUnits: number): string {
  if (s.length <= maxUnits) return s;
  let end = Math.max(0, maxUnits);
  const last = s.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end -= 1;
  return s.slice(0, end);
}

/** Cut to at most maxBytes of UTF-8 on a code point boundary. */
export function truncateUtf8(s: string, maxBytes: number): string {
  let used = 0;
  let end = 0;
  for (const ch of s) {
    const b = utf8CodePointBytes(ch.codePointAt(0) ?? 0);
    if (used + b > maxBytes) break;
    used += b;
    end += ch.length;
  }
  return s.slice(0, end);
}

const CHUNK = 0x8000;

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(bin);
}

/** Decode standard base64; returns null (never throws) on malformed input. */
export function base64ToBytes(b64: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 === 1) return null;
  try {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
