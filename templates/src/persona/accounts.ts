// The people on a persona: an admin (sudo) account named like real admins name theirs, a few other
// users, and the passwords that let a persistent attacker in - seeded per decky, never accept-any (D8).
import type { ShellUser } from '../_shell/persona';
import type { DistroRelease } from './release-types';
import type { PersonaLogin } from './types';
import { FIRST_NAMES, LAST_NAMES, PASSWORD_WORDS, WEAK_ROOT_PASSWORDS } from './names';
import type { Rng } from './rng';

/** DECNET's ssh/telnet keys: `password` (root), `user` (admin account), `user_password`. */
export interface AccountOverrides {
  password?: string;
  user?: string;
  userPassword?: string;
}

const ROLE_USERS = ['admin', 'sysadmin', 'deploy', 'ops', 'devops', 'itadmin', 'support', 'ansible'];
const USER_RE = /^[a-z_][a-z0-9_.-]{0,31}$/;

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function personName(rng: Rng): { login: string; full: string } {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const login = rng.weighted([first, `${first.charAt(0)}${last}`, `${first}.${last}`], [45, 35, 20]);
  return { login, full: `${cap(first)} ${cap(last)}` };
}

function gecos(family: string, full: string): string {
  return family === 'debian' ? `${full},,,` : family === 'alpine' ? 'Linux User,,,' : full;
}

/** A password of the kind people choose: Name+year, Season+year!, word+digits. */
function humanPassword(rng: Rng, name: string): string {
  const year = String(rng.int(2019, 2025));
  return rng.weighted(
    [`${cap(name)}${year}`, `${rng.pick(PASSWORD_WORDS)}${year}!`, `${cap(name)}@${rng.int(1, 999)}`, `${name}${rng.int(10, 99)}`, `${rng.pick(PASSWORD_WORDS)}${rng.int(1, 99)}`],
    [3, 3, 2, 1, 1],
  );
}

export interface PersonaAccounts {
  users: ShellUser[];
  logins: PersonaLogin[];
  sudoUser: string;
}

export function deriveAccounts(release: DistroRelease, overrides: AccountOverrides, allowLogin: boolean, rng: Rng): PersonaAccounts {
  const family = release.family;
  const shell = family === 'alpine' ? '/bin/ash' : '/bin/bash';
  const taken = new Set<string>(['root']);
  const users: ShellUser[] = [{ name: 'root', uid: 0, home: '/root', shell }];

  let admin: { login: string; full: string };
  const wanted = overrides.user?.trim().toLowerCase();
  if (wanted && USER_RE.test(wanted) && wanted !== 'root') admin = { login: wanted, full: cap(wanted) };
  else {
    const kind = rng.weighted(['cloud', 'role', 'person'], [25, 15, 60]);
    admin = kind === 'cloud' ? { login: release.cloudUser, full: cap(release.cloudUser) } : kind === 'role' ? { login: rng.pick(ROLE_USERS), full: 'Administrator' } : personName(rng);
  }
  taken.add(admin.login);
  users.push({ name: admin.login, uid: 1000, home: `/home/${admin.login}`, shell, gecos: gecos(family, admin.full), sudo: true });

  const extra = rng.weighted([0, 1, 2], [3, 4, 2]);
  for (let i = 0; i < extra; i++) {
    const p = personName(rng);
    if (taken.has(p.login)) continue;
    taken.add(p.login);
    users.push({ name: p.login, uid: 1001 + i, home: `/home/${p.login}`, shell, gecos: gecos(family, p.full) });
  }

  const rootPassword = overrides.password ?? rng.pick(WEAK_ROOT_PASSWORDS);
  const adminPassword = overrides.userPassword ?? humanPassword(rng, admin.login.split(/[._]/)[0] ?? admin.login);
  const explicit = overrides.password !== undefined || overrides.userPassword !== undefined;
  const logins = allowLogin || explicit ? [{ user: 'root', password: rootPassword }, { user: admin.login, password: adminPassword }] : [];
  return { users, logins, sudoUser: admin.login };
}
