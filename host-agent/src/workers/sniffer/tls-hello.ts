// TLS ClientHello parsing from a client's first bytes on a TCP flow (records reassembled up to the
// handshake's length), and its fingerprints: JA3 (Salesforce, BSD-3) and JA4 (FoxIO, BSD-3; JA4+ methods
// are not here). GREASE values (RFC 8701) are left out as both specifications require.
import { createHash } from 'node:crypto';

export interface ClientHello {
  legacyVersion: number;
  sessionIdLength: number;
  ciphers: number[];
  extensions: number[];
  sni?: string;
  alpn: string[];
  /** Raw first ALPN value (JA4 uses its bytes when they are not alphanumeric). */
  alpnFirstRaw?: Uint8Array;
  sigAlgs: number[];
  supportedVersions: number[];
  curves: number[];
  pointFormats: number[];
  /** session_ticket extension carried a ticket (resumption). */
  ticket: boolean;
  psk: boolean;
  earlyData: boolean;
}

const isGrease = (v: number): boolean => (v & 0x0f0f) === 0x0a0a && v >> 8 === (v & 0xff);
const MAX_HELLO_BYTES = 16_384;

export type HelloResult = { kind: 'hello'; hello: ClientHello } | { kind: 'more' } | { kind: 'not_tls' };

/** Parses the bytes a client sent first: 'more' while the handshake is incomplete (and within bounds). */
export function parseClientHello(b: Uint8Array): HelloResult {
  if (b.length < 1 || b[0] !== 0x16) return { kind: 'not_tls' };
  // Concatenate handshake-record payloads until the ClientHello's declared length is in.
  const hs: Uint8Array[] = [];
  let got = 0;
  let need = -1;
  for (let off = 0; ; ) {
    if (b.length < off + 5) return { kind: 'more' };
    if (b[off] !== 0x16 || b[off + 1] !== 3) return { kind: 'not_tls' };
    const len = (b[off + 3]! << 8) | b[off + 4]!;
    if (len === 0 || len > MAX_HELLO_BYTES) return { kind: 'not_tls' };
    const body = b.subarray(off + 5, Math.min(b.length, off + 5 + len));
    hs.push(body);
    got += body.length;
    if (need < 0 && got >= 4) {
      const first = concat(hs, 4);
      if (first[0] !== 1) return { kind: 'not_tls' };
      need = 4 + ((first[1]! << 16) | (first[2]! << 8) | first[3]!);
      if (need > MAX_HELLO_BYTES) return { kind: 'not_tls' };
    }
    if (need >= 0 && got >= need) break;
    if (body.length < len) return { kind: 'more' };
    off += 5 + len;
  }
  const hello = decodeHello(concat(hs, need).subarray(4));
  return hello ? { kind: 'hello', hello } : { kind: 'not_tls' };
}

function concat(parts: Uint8Array[], max: number): Uint8Array {
  const out = new Uint8Array(Math.min(max, parts.reduce((n, p) => n + p.length, 0)));
  let o = 0;
  for (const p of parts) {
    if (o >= out.length) break;
    out.set(p.subarray(0, out.length - o), o);
    o += p.length;
  }
  return out;
}

function decodeHello(h: Uint8Array): ClientHello | undefined {
  const r = new Reader(h);
  const legacyVersion = r.u16();
  r.skip(32);
  const sessionIdLength = r.u8();
  r.skip(sessionIdLength);
  const cipherBytes = r.u16();
  const ciphers: number[] = [];
  for (const c = r.sub(cipherBytes); c.left() >= 2; ) ciphers.push(c.u16());
  r.skip(r.u8());
  const hello: ClientHello = { legacyVersion, sessionIdLength, ciphers, extensions: [], alpn: [], sigAlgs: [], supportedVersions: [], curves: [], pointFormats: [], ticket: false, psk: false, earlyData: false };
  if (r.bad) return undefined;
  if (r.left() < 2) return hello;
  const ext = r.sub(r.u16());
  while (ext.left() >= 4 && !ext.bad) {
    const type = ext.u16();
    const data = ext.sub(ext.u16());
    hello.extensions.push(type);
    readExtension(hello, type, data);
  }
  return r.bad ? undefined : hello;
}

function readExtension(h: ClientHello, type: number, d: Reader): void {
  switch (type) {
    case 0x0000: {
      const list = d.sub(d.u16());
      while (list.left() >= 3) {
        const kind = list.u8();
        const name = list.bytes(list.u16());
        if (kind === 0 && h.sni === undefined) h.sni = new TextDecoder('latin1').decode(name).slice(0, 255);
      }
      break;
    }
    case 0x0010: {
      const list = d.sub(d.u16());
      while (list.left() >= 1) {
        const v = list.bytes(list.u8());
        if (h.alpnFirstRaw === undefined) h.alpnFirstRaw = v;
        if (h.alpn.length < 16) h.alpn.push(new TextDecoder('latin1').decode(v).slice(0, 64));
      }
      break;
    }
    case 0x000d:
      for (const l = d.sub(d.u16()); l.left() >= 2; ) h.sigAlgs.push(l.u16());
      break;
    case 0x002b:
      for (const l = d.sub(d.u8()); l.left() >= 2; ) h.supportedVersions.push(l.u16());
      break;
    case 0x000a:
      for (const l = d.sub(d.u16()); l.left() >= 2; ) h.curves.push(l.u16());
      break;
    case 0x000b:
      for (const l = d.sub(d.u8()); l.left() >= 1; ) h.pointFormats.push(l.u8());
      break;
    case 0x0023:
      h.ticket = d.left() > 0;
      break;
    case 0x0029:
      h.psk = true;
      break;
    case 0x002a:
      h.earlyData = true;
      break;
  }
}

/** JA3 string and its MD5: version,ciphers,extensions,curves,point formats (decimal, GREASE removed). */
export function ja3(h: ClientHello): { text: string; hash: string } {
  const j = (a: number[]): string => a.filter((v) => !isGrease(v)).join('-');
  const text = `${h.legacyVersion},${j(h.ciphers)},${j(h.extensions)},${j(h.curves)},${h.pointFormats.join('-')}`;
  return { text, hash: createHash('md5').update(text).digest('hex') };
}

const VERSIONS: Record<number, string> = { 0x0304: '13', 0x0303: '12', 0x0302: '11', 0x0301: '10', 0x0300: 's3', 0x0200: 's2', 0x0100: 's1', 0xfeff: 'd1', 0xfefd: 'd2', 0xfefc: 'd3' };
const hex4 = (v: number): string => v.toString(16).padStart(4, '0');
const sha12 = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 12);
const isAlnum = (c: number | undefined): boolean => c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a));

/** JA4 (TLS client) and its raw form; `transport` t (TCP) or q (QUIC). */
export function ja4(h: ClientHello, transport: 't' | 'q' = 't'): { ja4: string; raw: string } {
  const versions = h.supportedVersions.filter((v) => !isGrease(v));
  const version = VERSIONS[versions.length ? Math.max(...versions) : h.legacyVersion] ?? '00';
  const ciphers = h.ciphers.filter((v) => !isGrease(v));
  const exts = h.extensions.filter((v) => !isGrease(v));
  const two = (n: number): string => String(Math.min(n, 99)).padStart(2, '0');
  const a = `${transport}${version}${h.sni !== undefined ? 'd' : 'i'}${two(ciphers.length)}${two(exts.length)}${alpnChars(h.alpnFirstRaw)}`;
  const cipherList = ciphers.map(hex4).sort().join(',');
  const extList = exts.filter((e) => e !== 0x0000 && e !== 0x0010).map(hex4).sort().join(',');
  const sigs = h.sigAlgs.filter((v) => !isGrease(v)).map(hex4).join(',');
  const cRaw = sigs ? `${extList}_${sigs}` : extList;
  const b = cipherList ? sha12(cipherList) : '000000000000';
  const c = extList ? sha12(cRaw) : '000000000000';
  return { ja4: `${a}_${b}_${c}`, raw: `${a}_${cipherList}_${cRaw}` };
}

function alpnChars(v: Uint8Array | undefined): string {
  if (!v || v.length === 0) return '00';
  const first = v[0];
  const last = v[v.length - 1];
  if (isAlnum(first) && isAlnum(last)) return String.fromCharCode(first!, last!);
  // Non-ASCII values: '99', as the reference implementation computes for its test vector
  // (tls-non-ascii-alpn); other non-alphanumeric ends: the ends of the hex form (the specification).
  if (first! >= 0x80) return '99';
  const hex = [...v].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex[0]}${hex[hex.length - 1]}`;
}

/** The TLS version a ClientHello offers at most, as text (`TLSv1.3`). */
export function tlsVersionText(h: ClientHello): string {
  const versions = h.supportedVersions.filter((v) => !isGrease(v));
  const v = versions.length ? Math.max(...versions) : h.legacyVersion;
  return { 0x0304: 'TLSv1.3', 0x0303: 'TLSv1.2', 0x0302: 'TLSv1.1', 0x0301: 'TLSv1.0', 0x0300: 'SSLv3' }[v] ?? `0x${hex4(v)}`;
}

/** Bounds-checked big-endian reader; reading past the end sets `bad` and yields zeros. */
export class Reader {
  bad = false;
  constructor(private readonly b: Uint8Array, private o = 0, private readonly end = b.length) {}
  left(): number {
    return this.end - this.o;
  }
  private take(n: number): number {
    if (n > this.left()) {
      this.bad = true;
      const at = this.o;
      this.o = this.end;
      return at;
    }
    const at = this.o;
    this.o += n;
    return at;
  }
  u8(): number {
    const at = this.take(1);
    return this.bad ? 0 : this.b[at]!;
  }
  u16(): number {
    const at = this.take(2);
    return this.bad ? 0 : (this.b[at]! << 8) | this.b[at + 1]!;
  }
  u32(): number {
    const at = this.take(4);
    return this.bad ? 0 : ((this.b[at]! << 24) | (this.b[at + 1]! << 16) | (this.b[at + 2]! << 8) | this.b[at + 3]!) >>> 0;
  }
  skip(n: number): void {
    this.take(n);
  }
  bytes(n: number): Uint8Array {
    const at = this.take(n);
    return this.bad ? new Uint8Array(0) : this.b.subarray(at, at + n);
  }
  sub(n: number): Reader {
    const at = this.take(n);
    return this.bad ? new Reader(this.b, this.end, this.end) : new Reader(this.b, at, at + n);
  }
}
