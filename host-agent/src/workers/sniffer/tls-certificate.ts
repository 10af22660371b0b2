// The server's first TLS flight on a flow (RFC 5246 §7.4): ServerHello, then the Certificate message
// with the chain in clear in TLS 1.2 and earlier. In TLS 1.3 (RFC 8446 §4.4.2) the Certificate is
// encrypted, so a passive observer sees only that the server chose 1.3: the result says so.
import { Reader } from './tls-hello';

/** Bytes of the server's flight kept at most; a chain bigger than this is reported as not visible. */
export const MAX_SERVER_FLIGHT_BYTES = 65_536;
const MAX_CERTS = 8;

export type ServerFlight =
  | { kind: 'certs'; version: number; certs: Uint8Array[] }
  | { kind: 'tls13' }
  | { kind: 'more' }
  | { kind: 'not_tls' };

/** Parses what the server sent first: 'more' while the Certificate message is not complete. */
export function parseServerFlight(b: Uint8Array): ServerFlight {
  if (b.length < 1) return { kind: 'more' };
  if (b[0] !== 0x16) return { kind: 'not_tls' };
  // Concatenate handshake-record payloads (records may split or coalesce handshake messages).
  const parts: Uint8Array[] = [];
  let total = 0;
  let off = 0;
  while (off + 5 <= b.length) {
    const type = b[off]!;
    if (b[off + 1] !== 3) return { kind: 'not_tls' };
    const len = (b[off + 3]! << 8) | b[off + 4]!;
    if (len === 0 || len > 18_432) return { kind: 'not_tls' };
    if (type !== 0x16) break; // ChangeCipherSpec / alert / encrypted: no more clear handshake
    const body = b.subarray(off + 5, Math.min(b.length, off + 5 + len));
    parts.push(body);
    total += body.length;
    if (body.length < len) break;
    off += 5 + len;
  }
  const hs = new Uint8Array(total);
  let o = 0;
  for (const p of parts) hs.set(p, (o += p.length) - p.length);
  let version = 0;
  for (let m = 0; m + 4 <= hs.length; ) {
    const msgType = hs[m]!;
    const len = (hs[m + 1]! << 16) | (hs[m + 2]! << 8) | hs[m + 3]!;
    if (m + 4 + len > hs.length) return b.length >= MAX_SERVER_FLIGHT_BYTES ? { kind: 'not_tls' } : { kind: 'more' };
    const body = hs.subarray(m + 4, m + 4 + len);
    if (msgType === 2) {
      version = serverHelloVersion(body);
      if (version === 0) return { kind: 'not_tls' };
      if (version === 0x0304) return { kind: 'tls13' };
    } else if (msgType === 11) {
      if (version === 0) return { kind: 'not_tls' };
      return certificateList(body, version);
    } else if (msgType === 14 || msgType === 12 || msgType === 13) {
      return { kind: 'not_tls' }; // ServerHelloDone/KeyExchange before any Certificate: anonymous or PSK
    }
    m += 4 + len;
  }
  // Incomplete: wait for more unless the record stream already left the clear handshake.
  return off + 5 <= b.length && b[off] !== 0x16 ? (version === 0 ? { kind: 'not_tls' } : { kind: 'tls13' }) : { kind: 'more' };
}

/** The negotiated version: supported_versions (RFC 8446 §4.2.1) when present, else legacy_version. */
function serverHelloVersion(body: Uint8Array): number {
  const r = new Reader(body);
  let version = r.u16();
  r.skip(32);
  r.skip(r.u8());
  r.skip(3); // cipher suite, compression method
  if (r.bad) return 0;
  if (r.left() >= 2) {
    const ext = r.sub(r.u16());
    while (ext.left() >= 4 && !ext.bad) {
      const type = ext.u16();
      const data = ext.sub(ext.u16());
      if (type === 0x002b && data.left() >= 2) version = data.u16();
    }
  }
  return version;
}

function certificateList(body: Uint8Array, version: number): ServerFlight {
  const r = new Reader(body);
  const listLen = (r.u8() << 16) | r.u16();
  const list = r.sub(listLen);
  const certs: Uint8Array[] = [];
  while (list.left() >= 3 && certs.length < MAX_CERTS) {
    const len = (list.u8() << 16) | list.u16();
    const der = list.bytes(len);
    if (list.bad || der.length === 0) break;
    certs.push(der);
  }
  return certs.length ? { kind: 'certs', version, certs } : { kind: 'not_tls' };
}
