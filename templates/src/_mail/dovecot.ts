// The Dovecot persona part shared by imap and pop3: the login greeting as each distro's package
// words it, the bait account (seeded per decky, or the INI `users` pairs), and dovecot in `ps`.
import type { ShellProcessSeed } from '../_shell/persona';
import { PASSWORD_WORDS } from '../persona/names';
import { configValue, type PersonaBasis } from '../service';
import { FIRST_NAMES, LAST_NAMES } from '../persona/names';

export interface DovecotPersona {
  /** login_greeting: "Dovecot (Ubuntu) ready." (Debian/Ubuntu patch it in), "Dovecot ready." elsewhere. */
  greeting: string;
  /** The account whose login succeeds (it owns the bait mailbox). */
  user: string;
  password: string;
}

/** "user:pass,user2:pass2" (DECNET's IMAP_USERS / config `users`) as ordered pairs. */
export function parseUserPairs(spec: string | undefined): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const pair of (spec ?? '').split(',').slice(0, 64)) {
    const i = pair.indexOf(':');
    if (i > 0) out.push([pair.slice(0, i).trim().slice(0, 64), pair.slice(i + 1).slice(0, 128)]);
  }
  return out;
}

export function greetingFor(b: PersonaBasis): string {
  if (b.foreign) return 'Dovecot ready.';
  if (b.release.slug.startsWith('ubuntu')) return 'Dovecot (Ubuntu) ready.';
  if (b.release.slug === 'debian' || b.release.slug === 'kali') return 'Dovecot (Debian) ready.';
  return 'Dovecot ready.';
}

export function dovecotPersona(b: PersonaBasis): DovecotPersona {
  const rng = b.rng('imap');
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const user = rng.pick([first, `${first}.${last}`, `${first[0] ?? 'j'}${last}`]);
  const year = new Date(Date.parse(b.snap.date) || Date.UTC(2024, 0, 1)).getUTCFullYear() + 1;
  const password = `${rng.pick(PASSWORD_WORDS)}${rng.pick([String(year), `${year}!`, String(rng.int(10, 99)), '123!'])}`;
  const configured = parseUserPairs(configValue(b, 'imap', 'users', 4096) ?? configValue(b, 'pop3', 'users', 4096))[0];
  const greeting = configValue(b, 'imap', 'banner', 200) ?? greetingFor(b);
  return configured ? { greeting, user: configured[0], password: configured[1] } : { greeting, user, password };
}

export function dovecotProcesses(): ShellProcessSeed[] {
  return [
    { user: 'root', command: '/usr/sbin/dovecot -F' },
    { user: 'dovecot', command: 'dovecot/anvil' },
    { user: 'root', command: 'dovecot/log' },
    { user: 'root', command: 'dovecot/config' },
  ];
}
