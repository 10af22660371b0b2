// Which logins succeed on imap/pop3 (the persona's bait account, or the configured `users` pairs;
// never any password), and the bait mailbox each account sees.
import { timingSafeEqual } from 'node:crypto';
import type { Persona } from '../persona/types';
import type { MailConfig } from './config';
import { parseUserPairs, type DovecotPersona } from './dovecot';
import { buildMailbox, type Mailbox } from './mailbox';

export function accountsOf(persona: DovecotPersona, cfg: MailConfig): Array<[string, string]> {
  const configured = parseUserPairs(cfg.users);
  return configured.length > 0 ? configured : [[persona.user, persona.password]];
}

export function checkLogin(persona: DovecotPersona, cfg: MailConfig, user: string, password: string): boolean {
  const want = accountsOf(persona, cfg).find(([u]) => u === user)?.[1];
  if (want === undefined) return false;
  const a = Buffer.from(want, 'utf8');
  const b = Buffer.from(password, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The mailbox of `user` if it is an account, else of the first account (for bait matching). */
export function mailboxFor(p: Persona, persona: DovecotPersona, cfg: MailConfig, user: string): Mailbox {
  const accounts = accountsOf(persona, cfg);
  const owner = accounts.some(([u]) => u === user) ? user : (accounts[0]?.[0] ?? persona.user);
  return buildMailbox(p, owner.replace(/@.*$/, ''), cfg.email_seed);
}
