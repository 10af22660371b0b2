// Dovecot 2.3's POP3 wording (pop3-login and pop3 processes; RFC 1939, CAPA RFC 2449, AUTH RFC 5034).

/** pop3-login's CAPA: STLS until TLS is on, USER only when plaintext auth is allowed. */
export function preLoginCapa(o: { tls: boolean; tlsAvailable: boolean; plaintextAllowed: boolean }): string {
  const lines = ['+OK', 'CAPA', 'TOP', 'UIDL', 'RESP-CODES', 'PIPELINING', 'AUTH-RESP-CODE'];
  if (o.tlsAvailable && !o.tls) lines.push('STLS');
  if (o.plaintextAllowed) lines.push('USER', 'SASL PLAIN LOGIN');
  else lines.push('SASL');
  return `${lines.join('\r\n')}\r\n.\r\n`;
}

export const POST_LOGIN_CAPA = '+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\n.\r\n';

export const TEXT = {
  authFailed: '-ERR [AUTH] Authentication failed.',
  plaintextDisallowed: '-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.',
  noUser: '-ERR No username given.',
  loggedIn: '+OK Logged in.',
  unknownPre: '-ERR Unknown command.',
  tooManyBad: '-ERR Too many invalid bad commands.',
  stls: '+OK Begin TLS negotiation now.',
  tlsActive: '-ERR TLS is already active.',
  apopDisabled: '-ERR APOP not enabled.',
  authAborted: '-ERR Authentication aborted by client.',
  badBase64: '-ERR Invalid base64 data in continued response',
  unsupportedMech: '-ERR Unsupported authentication mechanism.',
  quitPre: '+OK Logging out',
  lineTooLong: '-ERR Input line too long.',
} as const;

/** Dovecot's default pop3_uidl_format %08Xu%08Xv. */
export function uidl(uid: number, uidValidity: number): string {
  const hex = (n: number): string => (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
  return `${hex(uid)}${hex(uidValidity)}`;
}

/** RFC 1939 §3: a line starting with "." is byte-stuffed; the response ends with CRLF ".". */
export function dotStuff(body: Buffer): Buffer {
  let text = body.toString('latin1').replace(/(^|\r\n)\./g, '$1..');
  if (!text.endsWith('\r\n')) text += '\r\n';
  return Buffer.from(`${text}.\r\n`, 'latin1');
}
