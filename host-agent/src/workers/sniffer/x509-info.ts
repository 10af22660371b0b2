// What the sniffer reports of one DER certificate: subject, issuer, serial, validity, SANs and SHA-256
// (through node:crypto's X509Certificate, i.e. OpenSSL), and JA4X (FoxIO, FoxIO License 1.1: see the
// README), computed from the OIDs of the issuer and subject RDNs and of the extensions (RFC 5280 §4.1).
import { createHash, X509Certificate } from 'node:crypto';

export interface CertInfo {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
  sans: string;
  ja4x: string;
}

const MAX_TEXT = 512;

/** Decodes one certificate; undefined when OpenSSL or the DER walk refuses it. */
export function certInfo(der: Uint8Array): CertInfo | undefined {
  let c: X509Certificate;
  try {
    c = new X509Certificate(der);
  } catch {
    return undefined;
  }
  const ja4xValue = ja4x(der);
  if (ja4xValue === undefined) return undefined;
  const oneLine = (s: string | undefined): string => (s ?? '').split('\n').filter(Boolean).join(', ').slice(0, MAX_TEXT);
  return {
    subject: oneLine(c.subject),
    issuer: oneLine(c.issuer),
    serial: c.serialNumber.toLowerCase().slice(0, 128),
    notBefore: isoOf(c.validFrom),
    notAfter: isoOf(c.validTo),
    sha256: createHash('sha256').update(der).digest('hex'),
    sans: (c.subjectAltName ?? '').slice(0, MAX_TEXT),
    ja4x: ja4xValue,
  };
}

function isoOf(openssl: string): string {
  const t = Date.parse(openssl);
  return Number.isFinite(t) ? new Date(t).toISOString() : openssl.slice(0, 64);
}

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

/** One DER TLV at `at` (definite lengths only, as DER requires), bounded by `limit`. */
function tlv(b: Uint8Array, at: number, limit: number): Tlv | undefined {
  if (at + 2 > limit) return undefined;
  const tag = b[at]!;
  let len = b[at + 1]!;
  let p = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || p + n > limit) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | b[p + i]!;
    p += n;
  }
  if (p + len > limit) return undefined;
  return { tag, start: p, end: p + len };
}

function children(b: Uint8Array, t: Tlv): Tlv[] | undefined {
  const out: Tlv[] = [];
  for (let p = t.start; p < t.end; ) {
    const c = tlv(b, p, t.end);
    if (!c || out.length > 256) return undefined;
    out.push(c);
    p = c.end;
  }
  return out;
}

const hex = (b: Uint8Array, t: Tlv): string => Buffer.from(b.subarray(t.start, t.end)).toString('hex');
const hash12 = (oids: string[]): string => (oids.length ? createHash('sha256').update(oids.join(',')).digest('hex').slice(0, 12) : '000000000000');

/** JA4X: hash of issuer RDN OIDs _ hash of subject RDN OIDs _ hash of extension OIDs (hex of the OID bytes, in order). */
export function ja4x(der: Uint8Array): string | undefined {
  const cert = tlv(der, 0, der.length);
  const tbs = cert && cert.tag === 0x30 ? children(der, cert)?.[0] : undefined;
  const f = tbs && tbs.tag === 0x30 ? children(der, tbs) : undefined;
  if (!f) return undefined;
  const i = f[0]?.tag === 0xa0 ? 1 : 0; // [0] version present from v2 on
  const issuer = f[i + 2];
  const subject = f[i + 4];
  if (issuer?.tag !== 0x30 || subject?.tag !== 0x30) return undefined;
  const rdnOids = (name: Tlv): string[] | undefined => {
    const out: string[] = [];
    for (const set of children(der, name) ?? []) {
      for (const atv of children(der, set) ?? []) {
        const oid = children(der, atv)?.[0];
        if (oid?.tag === 0x06) out.push(hex(der, oid));
      }
    }
    return out;
  };
  const extOids: string[] = [];
  const extWrap = f.slice(i + 6).find((t) => t.tag === 0xa3);
  const extSeq = extWrap ? children(der, extWrap)?.[0] : undefined;
  for (const ext of extSeq ? children(der, extSeq) ?? [] : []) {
    const oid = children(der, ext)?.[0];
    if (oid?.tag === 0x06) extOids.push(hex(der, oid));
  }
  return `${hash12(rdnOids(issuer)!)}_${hash12(rdnOids(subject)!)}_${hash12(extOids)}`;
}
