// Which recipients the persona's MTA accepts: its own domains and the accounts of /etc/passwd plus
// the stock aliases (Postfix's default local_recipient_maps); anything else is relaying.
import type { Persona } from '../persona/types';

const SYSTEM_ACCOUNTS = [
  'root', 'daemon', 'bin', 'sys', 'sync', 'games', 'man', 'lp', 'mail', 'news', 'uucp', 'proxy', 'www-data',
  'backup', 'list', 'irc', 'nobody', 'messagebus', 'sshd', 'postfix', 'syslog', 'postmaster', 'mailer-daemon',
  'abuse', 'hostmaster', 'webmaster',
];

export interface Address {
  raw: string;
  local: string;
  domain: string;
}

/** Splits "<user@example.com>" (or a bare address); null when it is not a plausible mailbox. */
export function parseAddress(text: string): Address | null {
  const t = text.trim();
  const inner = t.startsWith('<') ? (t.endsWith('>') ? t.slice(1, -1) : null) : t;
  if (inner === null || inner.length > 320 || /[\s<>()\\,;\x00-\x1f\x7f]/.test(inner)) return null;
  // A source route "@a,@b:user@host" is ignored as Postfix does.
  const mailbox = inner.replace(/^@[^:]+:/, '');
  const at = mailbox.lastIndexOf('@');
  return { raw: mailbox, local: at >= 0 ? mailbox.slice(0, at) : mailbox, domain: at >= 0 ? mailbox.slice(at + 1).toLowerCase() : '' };
}

export class LocalRecipients {
  private readonly domains: Set<string>;
  private readonly users: Set<string>;

  constructor(persona: Persona, mailHost: string) {
    const h = persona.hostname.toLowerCase();
    const d = persona.domain.toLowerCase();
    this.domains = new Set([d, `${h}.${d}`, h, mailHost.toLowerCase(), 'localhost', `mail.${d}`]);
    this.users = new Set([...SYSTEM_ACCOUNTS, ...persona.shell.users.map((u) => u.name.toLowerCase())]);
  }

  isLocalDomain(domain: string): boolean {
    return domain === '' || this.domains.has(domain.replace(/\.$/, ''));
  }

  /** Local part known (case-insensitive, "+extension" ignored as with recipient_delimiter=+). */
  knows(local: string): boolean {
    return this.users.has(local.toLowerCase().split('+')[0] ?? '');
  }
}
