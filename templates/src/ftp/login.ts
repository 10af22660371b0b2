// Who may log in: configured accounts, optionally anonymous, and (login=persona) the persona's own
// accounts with the same passwords SSH/Telnet accept, since vsftpd/ProFTPD authenticate local users
// through PAM (D5). Never "any password" (D8); root is refused as /etc/ftpusers does.
import type { ShellUser } from '../_shell/persona';
import type { Persona } from '../persona/types';
import type { FtpConfig } from './config';

export interface LoginDecision {
  ok: boolean;
  anonymous: boolean;
  user?: ShellUser;
}

export function parseAccounts(spec: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of (spec ?? '').split(',')) {
    const i = pair.indexOf(':');
    if (i > 0) out.set(pair.slice(0, i).trim(), pair.slice(i + 1));
  }
  return out;
}

export class LoginPolicy {
  private readonly accounts: Map<string, string>;

  constructor(
    private readonly persona: Persona,
    private readonly config: FtpConfig,
  ) {
    this.accounts = parseAccounts(config.users);
  }

  isAnonymousName(user: string): boolean {
    return this.config.anonymous && ['anonymous', 'ftp'].includes(user.toLowerCase());
  }

  /** The account as /etc/passwd knows it, or a plausible one for a configured-only user. */
  private account(name: string): ShellUser {
    const known = this.persona.shell.users.find((u) => u.name === name);
    if (known) return known;
    const uid = 1000 + this.persona.shell.users.filter((u) => u.uid >= 1000).length + Math.max(0, [...this.accounts.keys()].indexOf(name));
    return { name, uid, home: `/home/${name}`, shell: '/bin/bash' };
  }

  decide(user: string, password: Buffer): LoginDecision {
    if (this.isAnonymousName(user)) return { ok: true, anonymous: true };
    if (user === 'root') return { ok: false, anonymous: false };
    const pass = password.toString('utf8');
    const configured = this.accounts.get(user);
    const persona = this.config.login === 'persona' && (this.persona.logins ?? []).some((l) => l.user === user && l.password === pass);
    if ((configured !== undefined && configured === pass) || persona) return { ok: true, anonymous: false, user: this.account(user) };
    return { ok: false, anonymous: false };
  }
}
