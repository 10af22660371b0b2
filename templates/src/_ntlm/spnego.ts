// SPNEGO (RFC 4178 §4.2) around NTLMSSP tokens, as SMB2 SESSION_SETUP and CredSSP carry them:
// the server's negTokenInit (mech list + negHints, MS-SPNG §2.2.1), negTokenResp both ways, and
// raw NTLMSSP accepted as is. DER read with bounds only (no recursion on attacker input).
import { ntlmMessageType } from './ntlmssp';

export const OID = {
  SPNEGO: '1.3.6.1.5.5.2',
  NTLMSSP: '1.3.6.1.4.1.311.2.2.10',
  NEGOEX: '1.3.6.1.4.1.311.2.2.30',
  MS_KRB5: '1.2.840.48018.1.2.2',
  KRB5: '1.2.840.113554.1.2.2',
  KRB5_U2U: '1.2.840.113554.1.2.2.3',
} as const;

/** RFC 4178 §4.2.2 negState. */
export const NEG_STATE = { acceptCompleted: 0, acceptIncomplete: 1, reject: 2, requestMic: 3 } as const;

export interface SpnegoToken {
  kind: 'init' | 'resp' | 'raw';
  /** Mechanisms the client offered (negTokenInit), dotted OIDs, at most 16. */
  mechTypes: string[];
  /** The inner token: NTLMSSP bytes for 'raw', mechToken / responseToken otherwise. */
  token?: Buffer;
  negState?: number;
  supportedMech?: string;
  mic?: Buffer;
}

interface Tlv {
  tag: number;
  /** Value start and end offsets in the buffer. */
  start: number;
  end: number;
}

/** One DER TLV at `off` within [.., limit); undefined when truncated or its length overruns. */
function tlv(b: Buffer, off: number, limit: number): Tlv | undefined {
  if (off + 2 > limit) return undefined;
  const tag = b[off]!;
  let len = b[off + 1]!;
  let start = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || start + n > limit) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[start + i]!;
    start += n;
  }
  if (start + len > limit) return undefined;
  return { tag, start, end: start + len };
}

/** The children of a constructed value, at most `max`. */
function children(b: Buffer, t: Tlv, max = 16): Tlv[] {
  const out: Tlv[] = [];
  for (let off = t.start; off < t.end && out.length < max; ) {
    const c = tlv(b, off, t.end);
    if (!c) break;
    out.push(c);
    off = c.end;
  }
  return out;
}

export function decodeOid(v: Buffer): string {
  if (v.length === 0 || v.length > 32) return '';
  const parts = [Math.floor(v[0]! / 40), v[0]! % 40];
  let acc = 0;
  for (let i = 1; i < v.length; i++) {
    acc = acc * 128 + (v[i]! & 0x7f);
    if (!(v[i]! & 0x80)) {
      parts.push(acc);
      acc = 0;
    }
  }
  return parts.join('.');
}

export function encodeOid(oid: string): Buffer {
  const [a = 0, b = 0, ...rest] = oid.split('.').map(Number);
  const out = [a * 40 + b];
  for (const n of rest) {
    const bytes = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) bytes.unshift((v & 0x7f) | 0x80);
    out.push(...bytes);
  }
  return der(0x06, Buffer.from(out));
}

/** DER: tag, definite length (short or long form), value. */
export function der(tag: number, ...value: Buffer[]): Buffer {
  const v = Buffer.concat(value);
  const n = v.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), v]);
}

/** Reads a client's SPNEGO (or raw NTLMSSP) security blob; null when it is neither. */
export function unwrapSpnego(raw: Uint8Array): SpnegoToken | null {
  const b = Buffer.from(raw.buffer, raw.byteOffset, raw.length);
  if (ntlmMessageType(b)) return { kind: 'raw', mechTypes: [], token: Buffer.from(b) };
  const top = tlv(b, 0, b.length);
  if (!top) return null;
  if (top.tag === 0x60) {
    // InitialContextToken: thisMech OID then [0] NegTokenInit (RFC 2743 §3.1, RFC 4178 §4.2.1).
    const [oid, inner] = children(b, top, 2);
    if (!oid || oid.tag !== 0x06 || decodeOid(b.subarray(oid.start, oid.end)) !== OID.SPNEGO) return null;
    if (!inner || inner.tag !== 0xa0) return null;
    const seq = children(b, inner, 1)[0];
    if (!seq || seq.tag !== 0x30) return null;
    const out: SpnegoToken = { kind: 'init', mechTypes: [] };
    for (const f of children(b, seq, 8)) {
      const v = children(b, f, 1)[0];
      if (!v) continue;
      if (f.tag === 0xa0 && v.tag === 0x30) out.mechTypes = children(b, v, 16).filter((o) => o.tag === 0x06).map((o) => decodeOid(b.subarray(o.start, o.end)));
      if (f.tag === 0xa2 && v.tag === 0x04) out.token = Buffer.from(b.subarray(v.start, v.end));
      if (f.tag === 0xa3 && v.tag === 0x04) out.mic = Buffer.from(b.subarray(v.start, v.end));
    }
    return out;
  }
  if (top.tag === 0xa1) {
    const seq = children(b, top, 1)[0];
    if (!seq || seq.tag !== 0x30) return null;
    const out: SpnegoToken = { kind: 'resp', mechTypes: [] };
    for (const f of children(b, seq, 8)) {
      const v = children(b, f, 1)[0];
      if (!v) continue;
      if (f.tag === 0xa0 && v.tag === 0x0a && v.end > v.start) out.negState = b[v.start];
      if (f.tag === 0xa1 && v.tag === 0x06) out.supportedMech = decodeOid(b.subarray(v.start, v.end));
      if (f.tag === 0xa2 && v.tag === 0x04) out.token = Buffer.from(b.subarray(v.start, v.end));
      if (f.tag === 0xa3 && v.tag === 0x04) out.mic = Buffer.from(b.subarray(v.start, v.end));
    }
    return out;
  }
  return null;
}

/**
 * The server's negTokenInit (SMB2 NEGOTIATE security buffer, MS-SPNG §3.2.5.2): its mechanism list
 * and the negHints hintName Windows and Samba send ("not_defined_in_RFC4178@please_ignore").
 */
export function serverNegTokenInit(mechs: readonly string[]): Buffer {
  const mechList = der(0xa0, der(0x30, ...mechs.map(encodeOid)));
  const hints = der(0xa3, der(0x30, der(0xa0, der(0x1b, Buffer.from('not_defined_in_RFC4178@please_ignore')))));
  return der(0x60, encodeOid(OID.SPNEGO), der(0xa0, der(0x30, mechList, hints)));
}

/** A client's negTokenInit carrying a first token (for tests and client-side use). */
export function clientNegTokenInit(mechs: readonly string[], token: Buffer): Buffer {
  return der(0x60, encodeOid(OID.SPNEGO), der(0xa0, der(0x30, der(0xa0, der(0x30, ...mechs.map(encodeOid))), der(0xa2, der(0x04, token)))));
}

/** negTokenResp (RFC 4178 §4.2.2); supportedMech only in the server's first reply. */
export function negTokenResp(o: { negState?: number; supportedMech?: string; token?: Buffer; mic?: Buffer }): Buffer {
  const parts: Buffer[] = [];
  if (o.negState !== undefined) parts.push(der(0xa0, der(0x0a, Buffer.from([o.negState]))));
  if (o.supportedMech) parts.push(der(0xa1, encodeOid(o.supportedMech)));
  if (o.token) parts.push(der(0xa2, der(0x04, o.token)));
  if (o.mic) parts.push(der(0xa3, der(0x04, o.mic)));
  return der(0xa1, der(0x30, ...parts));
}
