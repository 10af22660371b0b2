// Dovecot 2.3's IMAP wording (imap-login and imap processes): capability strings before and after
// login and TLS, tagged completions with Dovecot's timing suffix, and its error texts.

/** CAPABILITY_BANNER_STRING of imap-login (Dovecot 2.3). */
const PRE_LOGIN = 'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+';

/** Post-login capabilities of Dovecot 2.3.16+ (imap_capability default). */
export const POST_LOGIN =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT ' +
  'MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ' +
  'ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY SPECIAL-USE';

/**
 * imap-login's get_capability(): STARTTLS until TLS is on; LOGINDISABLED and no plaintext SASL
 * mechanisms while plaintext auth is refused on a clear connection (disable_plaintext_auth).
 */
export function preLoginCapability(o: { tls: boolean; tlsAvailable: boolean; plaintextAllowed: boolean }): string {
  let s = PRE_LOGIN;
  if (o.tlsAvailable && !o.tls) s += ' STARTTLS';
  if (!o.plaintextAllowed) s += ' LOGINDISABLED';
  else s += ' AUTH=PLAIN AUTH=LOGIN';
  return s;
}

/** Dovecot 2.3 appends the command's timing to tagged replies: "(0.001 + 0.000 secs)." */
export function timed(text: string, rnd: () => number, lockWait = false): string {
  const ms = (n: number): string => `0.${String(n).padStart(3, '0')}`;
  const parts = [ms(Math.floor(rnd() * 3)), ms(0)];
  if (lockWait) parts.push(ms(Math.floor(rnd() * 2)));
  return `${text.replace(/\.$/, '')} (${parts.join(' + ')} secs).`;
}

export const TEXT = {
  preLoginBad: 'BAD Error in IMAP command received by server.',
  tooManyBad: '* BYE Too many invalid IMAP commands.',
  tagIsCommand: "BAD First parameter in line is IMAP's command tag, not the command name. Add that before the command, like: a login user pass",
  authFailed: 'NO [AUTHENTICATIONFAILED] Authentication failed.',
  privacyRequired: 'NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.',
  authAborted: 'BAD Authentication aborted by client.',
  badBase64: 'BAD Invalid base64 data in continued response',
  unsupportedMech: 'NO [CANNOT] Unsupported authentication mechanism.',
  startTls: 'OK Begin TLS negotiation now.',
  tlsActive: 'BAD TLS is already active.',
  capabilityOk: 'OK Pre-login capabilities listed, post-login capabilities have more.',
  literalTooBig: '* BAD Literal size too large',
  lineTooLong: '* BYE Too long argument.',
} as const;
