// Reply texts of the persona's MTA (Postfix smtpd, Exim 4, Sendmail 8), because scanners tell MTAs
// (and honeypots) apart by their exact wording (D2). Only extensions that are implemented are advertised.

export type Mta = 'postfix' | 'exim' | 'sendmail';

export interface Phrasebook {
  greeting(banner: string, now: Date): string;
  /** EHLO keywords; STARTTLS and AUTH only where the session offers them. */
  ehlo(host: string, helo: string, ip: string, maxSize: number, offer: Offer): string[];
  helo(host: string, helo: string, ip: string): string;
  ehloSyntax(cmd: string): string;
  needHelo: string | null;
  mailOk(addr: string): string;
  mailNested: string;
  mailSyntax: string;
  badSender: string;
  sizeExceeded: string;
  rcptOk(addr: string): string;
  needMail: string;
  rcptSyntax: string;
  badRecipient: string;
  relayDenied(addr: string): string;
  unknownUser(addr: string): string;
  needRcpt: string;
  dataGo: string;
  queued(id: string): string;
  tooBig: string;
  rset: string;
  noop: string;
  vrfyKnown(user: string): string;
  vrfyUnknown(addr: string): string;
  vrfySyntax: string;
  quit(host: string): string;
  unknown(cmd: string): string;
  lineTooLong: string;
  tooManyErrors(host: string): string;
  authOk: string;
  authFail: string;
  authAborted: string;
  authBadBase64: string;
  authBadMech: string;
  authAlready: string;
  authInTransaction: string;
  noTls: string;
  tlsGo: string;
  tlsActive: string;
  tlsSyntax: string;
  authNotEnabled: string;
}

export interface Offer {
  starttls: boolean;
  auth: boolean;
}

const only = (cond: boolean, word: string): string[] => (cond ? [word] : []);

/** RFC 5322 date as MTAs print it in the greeting, e.g. "Thu, 21 Nov 2026 23:37:00 +0000". */
export function rfc2822(d: Date): string {
  const s = d.toUTCString().replace(/ GMT$/, ' +0000');
  return s.replace(/^(\w{3}), 0?(\d{1,2})/, (_m, wd: string, day: string) => `${wd}, ${day}`);
}

const postfix: Phrasebook = {
  greeting: (b) => `220 ${b}`,
  ehlo: (host, _h, _ip, max, o) => [host, 'PIPELINING', `SIZE ${max}`, 'VRFY', 'ETRN', ...only(o.starttls, 'STARTTLS'), ...only(o.auth, 'AUTH PLAIN LOGIN'), 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8'],
  helo: (host) => `250 ${host}`,
  ehloSyntax: (cmd) => `501 Syntax: ${cmd} hostname`,
  needHelo: '503 5.5.1 Error: send HELO/EHLO first',
  mailOk: () => '250 2.1.0 Ok',
  mailNested: '503 5.5.1 Error: nested MAIL command',
  mailSyntax: '501 5.5.4 Syntax: MAIL FROM:<address>',
  badSender: '501 5.1.7 Bad sender address syntax',
  sizeExceeded: '552 5.3.4 Message size exceeds fixed limit',
  rcptOk: () => '250 2.1.5 Ok',
  needMail: '503 5.5.1 Error: need MAIL command',
  rcptSyntax: '501 5.5.4 Syntax: RCPT TO:<address>',
  badRecipient: '501 5.1.3 Bad recipient address syntax',
  relayDenied: (a) => `554 5.7.1 <${a}>: Relay access denied`,
  unknownUser: (a) => `550 5.1.1 <${a}>: Recipient address rejected: User unknown in local recipient table`,
  needRcpt: '503 5.5.1 Error: need RCPT command',
  dataGo: '354 End data with <CR><LF>.<CR><LF>',
  queued: (id) => `250 2.0.0 Ok: queued as ${id}`,
  tooBig: '552 5.3.4 Error: message file too big',
  rset: '250 2.0.0 Ok',
  noop: '250 2.0.0 Ok',
  vrfyKnown: (u) => `252 2.0.0 ${u}`,
  vrfyUnknown: (a) => `550 5.1.1 <${a}>: Recipient address rejected: User unknown in local recipient table`,
  vrfySyntax: '501 5.5.4 Syntax: VRFY address',
  quit: () => '221 2.0.0 Bye',
  unknown: () => '502 5.5.2 Error: command not recognized',
  lineTooLong: '500 5.5.0 Error: line too long',
  tooManyErrors: (h) => `421 4.7.0 ${h} Error: too many errors`,
  authOk: '235 2.7.0 Authentication successful',
  authFail: '535 5.7.8 Error: authentication failed: authentication failure',
  authAborted: '501 5.7.0 Authentication aborted',
  authBadBase64: '501 5.5.2 Cannot decode response',
  authBadMech: '535 5.7.8 Error: authentication failed: Invalid authentication mechanism',
  authAlready: '503 5.5.1 Error: already authenticated',
  authInTransaction: '503 5.5.1 Error: MAIL transaction in progress',
  noTls: '502 5.5.1 Error: command not implemented',
  tlsGo: '220 2.0.0 Ready to start TLS',
  tlsActive: '554 5.5.1 Error: TLS already active',
  tlsSyntax: '501 5.5.4 Syntax: STARTTLS',
  authNotEnabled: '503 5.5.1 Error: authentication not enabled',
};

const exim: Phrasebook = {
  greeting: (b, now) => `220 ${b}${/Exim [\d.]+$/.test(b) ? ` ${rfc2822(now)}` : ''}`,
  ehlo: (host, helo, ip, max, o) => [`${host} Hello ${helo} [${ip}]`, `SIZE ${max}`, '8BITMIME', 'PIPELINING', ...only(o.auth, 'AUTH PLAIN LOGIN'), ...only(o.starttls, 'STARTTLS'), 'HELP'],
  helo: (host, helo, ip) => `250 ${host} Hello ${helo} [${ip}]`,
  ehloSyntax: (cmd) => `501 Syntactically invalid ${cmd} argument(s)`,
  needHelo: null,
  mailOk: () => '250 OK',
  mailNested: '503 sender already given',
  mailSyntax: '501 MAIL must have an address operand',
  badSender: '501 malformed address: missing or malformed local part',
  sizeExceeded: '552 Message size exceeds maximum permitted',
  rcptOk: () => '250 Accepted',
  needMail: '503 sender not yet given',
  rcptSyntax: '501 RCPT must have an address operand',
  badRecipient: '501 malformed address: missing or malformed local part',
  relayDenied: () => '550 relay not permitted',
  unknownUser: () => '550 Unrouteable address',
  needRcpt: '503 valid RCPT command must precede DATA',
  dataGo: '354 Enter message, ending with "." on a line by itself',
  queued: (id) => `250 OK id=${id}`,
  tooBig: '552 Message size exceeds maximum permitted',
  rset: '250 Reset OK',
  noop: '250 OK',
  vrfyKnown: () => '252 Administrative prohibition',
  vrfyUnknown: () => '252 Administrative prohibition',
  vrfySyntax: '501 VRFY must have an address operand',
  quit: (h) => `221 ${h} closing connection`,
  unknown: () => '500 unrecognized command',
  lineTooLong: '500 Line too long',
  tooManyErrors: (h) => `421 ${h} too many unrecognized commands`,
  authOk: '235 Authentication succeeded',
  authFail: '535 Incorrect authentication data',
  authAborted: '501 Authentication cancelled',
  authBadBase64: '501 Invalid base64 data',
  authBadMech: '504 Unsupported authentication mechanism',
  authAlready: '503 already authenticated',
  authInTransaction: '503 AUTH command used when not advertised',
  noTls: '500 unrecognized command',
  tlsGo: '220 TLS go ahead',
  tlsActive: '554 Already in TLS',
  tlsSyntax: '504 STARTTLS must not have arguments',
  authNotEnabled: '503 AUTH command used when not advertised',
};

const sendmail: Phrasebook = {
  greeting: (b, now) => `220 ${b}${/Sendmail [\w./-]+$/.test(b) ? `; ${rfc2822(now)}` : ''}`,
  ehlo: (host, helo, ip, _max, o) => [`${host} Hello ${helo} [${ip}], pleased to meet you`, 'ENHANCEDSTATUSCODES', 'PIPELINING', '8BITMIME', 'SIZE', 'DSN', 'ETRN', ...only(o.auth, 'AUTH LOGIN PLAIN'), ...only(o.starttls, 'STARTTLS'), 'DELIVERBY', 'HELP'],
  helo: (host, helo, ip) => `250 ${host} Hello ${helo} [${ip}], pleased to meet you`,
  ehloSyntax: (cmd) => `501 5.0.0 ${cmd.toLowerCase()} requires domain address`,
  needHelo: null,
  mailOk: (a) => `250 2.1.0 <${a}>... Sender ok`,
  mailNested: '503 5.5.0 Sender already specified',
  mailSyntax: '501 5.5.2 Syntax error in parameters scanning "from"',
  badSender: '553 5.1.0 Domain name required for sender address',
  sizeExceeded: '552 5.2.3 Message size exceeds maximum value',
  rcptOk: (a) => `250 2.1.5 <${a}>... Recipient ok`,
  needMail: '503 5.0.0 Need MAIL before RCPT',
  rcptSyntax: '501 5.5.2 Syntax error in parameters scanning "to"',
  badRecipient: '553 5.1.3 User address required',
  relayDenied: (a) => `550 5.7.1 <${a}>... Relaying denied`,
  unknownUser: (a) => `550 5.1.1 <${a}>... User unknown`,
  needRcpt: '503 5.0.0 Need RCPT (recipient)',
  dataGo: '354 Enter mail, end with "." on a line by itself',
  queued: (id) => `250 2.0.0 ${id} Message accepted for delivery`,
  tooBig: '552 5.2.3 Message exceeds maximum fixed size',
  rset: '250 2.0.0 Reset state',
  noop: '250 2.0.0 OK',
  vrfyKnown: () => '252 2.5.2 Cannot VRFY user; try RCPT to attempt delivery (or try finger)',
  vrfyUnknown: () => '252 2.5.2 Cannot VRFY user; try RCPT to attempt delivery (or try finger)',
  vrfySyntax: '501 5.5.2 Argument required',
  quit: (h) => `221 2.0.0 ${h} closing connection`,
  unknown: (c) => `500 5.5.1 Command unrecognized: "${c.slice(0, 80)}"`,
  lineTooLong: '500 5.5.0 Line too long',
  tooManyErrors: (h) => `421 4.7.0 ${h} Too many errors`,
  authOk: '235 2.0.0 OK Authenticated',
  authFail: '535 5.7.0 authentication failed',
  authAborted: '501 5.0.0 AUTH aborted',
  authBadBase64: '501 5.5.4 cannot BASE64 decode',
  authBadMech: '504 5.3.3 AUTH mechanism not available',
  authAlready: '503 5.5.0 Already Authenticated',
  authInTransaction: '503 5.5.0 AUTH not permitted during a mail transaction',
  noTls: '500 5.5.1 Command unrecognized: "STARTTLS"',
  tlsGo: '220 2.0.0 Ready to start TLS',
  tlsActive: '503 5.5.0 TLS already active',
  tlsSyntax: '501 5.5.2 Syntax error',
  authNotEnabled: '503 5.3.3 AUTH not available',
};

export const PHRASES: Record<Mta, Phrasebook> = { postfix, exim, sendmail };

/** Multiline reply (RFC 5321 §4.2.1): "250-a", "250-b", "250 c". */
export function multiline(code: number, lines: string[]): string {
  return lines.map((l, i) => `${code}${i === lines.length - 1 ? ' ' : '-'}${l}\r\n`).join('');
}
