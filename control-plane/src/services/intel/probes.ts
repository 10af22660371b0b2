// Scanner probes that land on a login prompt are not credentials: nmap -sV writes its service
// probes (`GET / HTTP/1.0`, `OPTIONS sip:nm SIP/2.0`, TLS and SMB hellos, RPC and DNS binaries) to
// whatever answers, and a telnet or pop3 login takes the first line as a user name. Decided at
// ingest, so it holds for every template, old events and new.
import { base64ToBytes } from '@decnet/protocol';

export type ProbeKind = 'http_request' | 'rtsp_request' | 'sip_request' | 'tls_hello' | 'sslv2_hello' | 'binary' | 'protocol_command' | 'protocol_header' | 'probe_residue' | 'nmap_marker' | 'empty';

// Unanchored: a SOCKS or DNS probe's binary head may be stripped by the template, leaving `...GET / HTTP/1.0`.
const HTTP_LINE = /(?:GET|HEAD|POST|PUT|DELETE|OPTIONS|TRACE|CONNECT|PATCH|PROPFIND|SEARCH|M-SEARCH|DESCRIBE)\s+\S*\s*(HTTP|RTSP)\/\d/i;
const SIP_LINE = /^(?:OPTIONS|REGISTER|INVITE|ACK|BYE|CANCEL|SUBSCRIBE|NOTIFY|INFO|MESSAGE)\s+sips?:/i;
// Other protocols' openers that scanners send to every port: RESP (redis), JRMI (Java RMI),
// SMTP/POP3/IMAP/IRC/memcached verbs typed where a user name is asked.
const PROTOCOL_LINE = /^(?:\*\d+\r?$|\$\d+\r?$|JRMI|EHLO\s|HELO\s|STARTTLS$|CAPA$|[a-z]\d{3} (?:CAPABILITY|LOGIN|NOOP)\b|stats(?:\s|$)|version$|NICK\s|USER \S+ \S+ \S+ :|HELP$|%-12345X|@PJL|fox a \d)/i;
// A header line (`User-Agent: x`, `Via: SIP/2.0/TCP nm`) typed as a user name: no real login has `Name: value`.
const HEADER_LINE = /^[A-Za-z][A-Za-z0-9-]{1,40}:\s/;

const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]/;

/** Why this principal/secret pair is a scanner probe, or null when it may be a real credential. */
export function probeKindOf(principal: string, secretB64: string): ProbeKind | null {
  const p = principal.trimStart();
  if (HTTP_LINE.test(p)) return /RTSP\/\d/i.test(p) ? 'rtsp_request' : 'http_request';
  if (SIP_LINE.test(p)) return 'sip_request';
  const c0 = principal.charCodeAt(0);
  const c1 = principal.charCodeAt(1);
  if (c0 === 0x16 && c1 === 0x03) return 'tls_hello'; // TLS record: handshake, version 3.x (RFC 8446 §5.1)
  if (c0 >= 0x80 && principal.charCodeAt(2) === 0x01) return 'sslv2_hello';
  if (PROTOCOL_LINE.test(p)) return 'protocol_command';
  if (HEADER_LINE.test(p)) return 'protocol_header';
  if (CONTROL.test(principal)) return 'binary';
  if (principal === '' && secretB64 === '') return 'empty';
  // nmap names itself in several probes (LibreOffice Impress pairing `LO_SERVER_CLIENT_PAIR` / `Nmap`, SIP `nm@nm`).
  if (/\bnmap\b/i.test(p) || (secretB64.length > 0 && secretB64.length <= 64 && /\bnmap\b/i.test(atob(secretB64)))) return 'nmap_marker';
  // A secret made of a probe is a probe too (the probe's second line became the password).
  if (secretB64 !== '' && secretB64.length <= 4096) {
    const bytes = base64ToBytes(secretB64);
    if (bytes && principal === '' && bytes.some((b) => (b < 0x20 && b !== 9) || b === 0x7f)) return 'binary';
  }
  return null;
}

/**
 * Session context for a batch: once a connection has sent a probe, its later "login tries" are the
 * rest of the probe's lines (headers, bodies), so they are probes too. Returns `x`, changed in place.
 */
export function withProbeSessions<X extends { sessionKey: string | null; credential: unknown; fingerprints: Array<[string, string]> }>(x: X, probeSessions: Set<string>): X {
  if (!x.sessionKey) return x;
  if (x.fingerprints.some(([k]) => k === 'probe')) probeSessions.add(x.sessionKey);
  else if (x.credential && probeSessions.has(x.sessionKey)) (x.credential = null, x.fingerprints.push(['probe', 'probe_residue']));
  return x;
}
