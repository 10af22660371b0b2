// The account database of a persona: the distro's stock system accounts and groups, the persona's
// users, service users its processes run as, and the login user. Feeds /etc/passwd, /etc/group,
// /etc/shadow, `id`, `ls -l` owners and `ps` so they can never disagree.

import type { ShellPersona, ShellUser } from '../persona';
import type { Cred } from '../fs/vfs-types';

export interface Account {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
  sudo: boolean;
  /** True for interactive accounts (persona users, the login user). */
  human: boolean;
}

export interface Group {
  name: string;
  gid: number;
  members: string[];
}

export interface Accounts {
  users: Account[];
  groups: Group[];
  byName(name: string): Account | undefined;
  byUid(uid: number): Account | undefined;
  groupByGid(gid: number): Group | undefined;
  /** Supplementary groups of a user, primary group first. */
  groupsOf(name: string): Group[];
  cred(account: Account): Cred;
  /** Name of the admin group: sudo (Debian family) or wheel. */
  adminGroup: string;
}

type Row = [name: string, uid: number, gid: number, gecos: string, home: string, shell: string];

const NOLOGIN_DEB = '/usr/sbin/nologin';
const DEBIAN_USERS: Row[] = [
  ['daemon', 1, 1, 'daemon', '/usr/sbin', NOLOGIN_DEB],
  ['bin', 2, 2, 'bin', '/bin', NOLOGIN_DEB],
  ['sys', 3, 3, 'sys', '/dev', NOLOGIN_DEB],
  ['sync', 4, 65534, 'sync', '/bin', '/bin/sync'],
  ['games', 5, 60, 'games', '/usr/games', NOLOGIN_DEB],
  ['man', 6, 12, 'man', '/var/cache/man', NOLOGIN_DEB],
  ['lp', 7, 7, 'lp', '/var/spool/lpd', NOLOGIN_DEB],
  ['mail', 8, 8, 'mail', '/var/mail', NOLOGIN_DEB],
  ['news', 9, 9, 'news', '/var/spool/news', NOLOGIN_DEB],
  ['uucp', 10, 10, 'uucp', '/var/spool/uucp', NOLOGIN_DEB],
  ['proxy', 13, 13, 'proxy', '/bin', NOLOGIN_DEB],
  ['www-data', 33, 33, 'www-data', '/var/www', NOLOGIN_DEB],
  ['backup', 34, 34, 'backup', '/var/backups', NOLOGIN_DEB],
  ['list', 38, 38, 'Mailing List Manager', '/var/list', NOLOGIN_DEB],
  ['irc', 39, 39, 'ircd', '/run/ircd', NOLOGIN_DEB],
  ['gnats', 41, 41, 'Gnats Bug-Reporting System (admin)', '/var/lib/gnats', NOLOGIN_DEB],
  ['nobody', 65534, 65534, 'nobody', '/nonexistent', NOLOGIN_DEB],
  ['_apt', 100, 65534, '', '/nonexistent', NOLOGIN_DEB],
  ['systemd-network', 101, 102, 'systemd Network Management,,,', '/run/systemd', NOLOGIN_DEB],
  ['systemd-resolve', 102, 103, 'systemd Resolver,,,', '/run/systemd', NOLOGIN_DEB],
  ['messagebus', 103, 104, '', '/nonexistent', NOLOGIN_DEB],
  ['systemd-timesync', 104, 105, 'systemd Time Synchronization,,,', '/run/systemd', NOLOGIN_DEB],
  ['syslog', 105, 111, '', '/home/syslog', NOLOGIN_DEB],
  ['uuidd', 106, 112, '', '/run/uuidd', NOLOGIN_DEB],
  ['tcpdump', 107, 113, '', '/nonexistent', NOLOGIN_DEB],
  ['sshd', 108, 65534, '', '/run/sshd', NOLOGIN_DEB],
];
const UBUNTU_EXTRA_USERS: Row[] = [
  ['tss', 109, 114, 'TPM software stack,,,', '/var/lib/tpm', '/bin/false'],
  ['landscape', 110, 116, '', '/var/lib/landscape', NOLOGIN_DEB],
  ['pollinate', 111, 1, '', '/var/cache/pollinate', '/bin/false'],
  ['lxd', 999, 100, '', '/var/snap/lxd/common/lxd', '/bin/false'],
];
const RHEL_USERS: Row[] = [
  ['bin', 1, 1, 'bin', '/bin', '/sbin/nologin'],
  ['daemon', 2, 2, 'daemon', '/sbin', '/sbin/nologin'],
  ['adm', 3, 4, 'adm', '/var/adm', '/sbin/nologin'],
  ['lp', 4, 7, 'lp', '/var/spool/lpd', '/sbin/nologin'],
  ['sync', 5, 0, 'sync', '/sbin', '/bin/sync'],
  ['shutdown', 6, 0, 'shutdown', '/sbin', '/sbin/shutdown'],
  ['halt', 7, 0, 'halt', '/sbin', '/sbin/halt'],
  ['mail', 8, 12, 'mail', '/var/spool/mail', '/sbin/nologin'],
  ['operator', 11, 0, 'operator', '/root', '/sbin/nologin'],
  ['games', 12, 100, 'games', '/usr/games', '/sbin/nologin'],
  ['ftp', 14, 50, 'FTP User', '/var/ftp', '/sbin/nologin'],
  ['nobody', 65534, 65534, 'Kernel Overflow User', '/', '/sbin/nologin'],
  ['systemd-coredump', 999, 997, 'systemd Core Dumper', '/', '/sbin/nologin'],
  ['dbus', 81, 81, 'System message bus', '/', '/sbin/nologin'],
  ['polkitd', 998, 996, 'User for polkitd', '/', '/sbin/nologin'],
  ['tss', 59, 59, 'Account used for TPM access', '/dev/null', '/sbin/nologin'],
  ['chrony', 997, 995, '', '/var/lib/chrony', '/sbin/nologin'],
  ['sshd', 74, 74, 'Privilege-separated SSH', '/usr/share/empty.sshd', '/sbin/nologin'],
];
const ALPINE_USERS: Row[] = [
  ['bin', 1, 1, 'bin', '/bin', '/sbin/nologin'],
  ['daemon', 2, 2, 'daemon', '/sbin', '/sbin/nologin'],
  ['adm', 3, 4, 'adm', '/var/adm', '/sbin/nologin'],
  ['lp', 4, 7, 'lp', '/var/spool/lpd', '/sbin/nologin'],
  ['sync', 5, 0, 'sync', '/sbin', '/bin/sync'],
  ['shutdown', 6, 0, 'shutdown', '/sbin', '/sbin/shutdown'],
  ['halt', 7, 0, 'halt', '/sbin', '/sbin/halt'],
  ['mail', 8, 12, 'mail', '/var/mail', '/sbin/nologin'],
  ['news', 9, 13, 'news', '/usr/lib/news', '/sbin/nologin'],
  ['uucp', 10, 14, 'uucp', '/var/spool/uucppublic', '/sbin/nologin'],
  ['operator', 11, 0, 'operator', '/root', '/sbin/nologin'],
  ['man', 13, 15, 'man', '/usr/man', '/sbin/nologin'],
  ['cron', 16, 16, 'cron', '/var/spool/cron', '/sbin/nologin'],
  ['ftp', 21, 21, '', '/var/lib/ftp', '/sbin/nologin'],
  ['sshd', 22, 22, 'sshd', '/dev/null', '/sbin/nologin'],
  ['at', 25, 25, 'at', '/var/spool/cron/atjobs', '/sbin/nologin'],
  ['games', 35, 35, 'games', '/usr/games', '/sbin/nologin'],
  ['ntp', 123, 123, 'NTP', '/var/empty', '/sbin/nologin'],
  ['guest', 405, 100, 'guest', '/dev/null', '/sbin/nologin'],
  ['nobody', 65534, 65534, 'nobody', '/', '/sbin/nologin'],
];

const DEBIAN_GROUPS: Array<[string, number]> = [
  ['root', 0], ['daemon', 1], ['bin', 2], ['sys', 3], ['adm', 4], ['tty', 5], ['disk', 6], ['lp', 7], ['mail', 8],
  ['news', 9], ['uucp', 10], ['man', 12], ['proxy', 13], ['kmem', 15], ['dialout', 20], ['fax', 21], ['voice', 22],
  ['cdrom', 24], ['floppy', 25], ['tape', 26], ['sudo', 27], ['audio', 29], ['dip', 30], ['www-data', 33],
  ['backup', 34], ['operator', 37], ['list', 38], ['irc', 39], ['src', 40], ['gnats', 41], ['shadow', 42],
  ['utmp', 43], ['video', 44], ['sasl', 45], ['plugdev', 46], ['staff', 50], ['games', 60], ['users', 100],
  ['nogroup', 65534], ['systemd-journal', 101], ['systemd-network', 102], ['systemd-resolve', 103],
  ['messagebus', 104], ['systemd-timesync', 105], ['input', 106], ['kvm', 108], ['render', 109],
  ['syslog', 111], ['uuidd', 112], ['tcpdump', 113], ['crontab', 115], ['_ssh', 117],
];
const RHEL_GROUPS: Array<[string, number]> = [
  ['root', 0], ['bin', 1], ['daemon', 2], ['sys', 3], ['adm', 4], ['tty', 5], ['disk', 6], ['lp', 7], ['mem', 8],
  ['kmem', 9], ['wheel', 10], ['cdrom', 11], ['mail', 12], ['man', 15], ['dialout', 18], ['floppy', 19],
  ['games', 20], ['tape', 33], ['video', 39], ['ftp', 50], ['lock', 54], ['audio', 63], ['users', 100],
  ['nobody', 65534], ['utmp', 22], ['utempter', 35], ['input', 999], ['kvm', 36], ['render', 998],
  ['systemd-journal', 190], ['systemd-coredump', 997], ['dbus', 81], ['polkitd', 996], ['tss', 59],
  ['ssh_keys', 994], ['chrony', 995], ['sshd', 74],
];
const ALPINE_GROUPS: Array<[string, number]> = [
  ['root', 0], ['bin', 1], ['daemon', 2], ['sys', 3], ['adm', 4], ['tty', 5], ['disk', 6], ['lp', 7], ['kmem', 9],
  ['wheel', 10], ['floppy', 11], ['mail', 12], ['news', 13], ['uucp', 14], ['man', 15], ['cron', 16],
  ['console', 17], ['audio', 18], ['cdrom', 19], ['dialout', 20], ['ftp', 21], ['sshd', 22], ['input', 23],
  ['at', 25], ['tape', 26], ['video', 27], ['netdev', 28], ['readproc', 30], ['games', 35], ['ntp', 123],
  ['abuild', 300], ['utmp', 406], ['ping', 999], ['nogroup', 65533], ['nobody', 65534],
];

function isUbuntu(persona: ShellPersona): boolean {
  return persona.osPrettyName.toLowerCase().includes('ubuntu');
}

function toAccount(u: ShellUser, human: boolean): Account {
  return {
    name: u.name,
    uid: u.uid,
    gid: u.gid ?? u.uid,
    gecos: u.gecos ?? (u.uid === 0 ? 'root' : ''),
    home: u.home,
    shell: u.shell,
    sudo: u.sudo === true,
    human,
  };
}

/** Sanitize an attacker-chosen login name into a valid account name (bounded, [a-z0-9_.-]). */
export function sanitizeUserName(name: string): string {
  const clean = name.toLowerCase().replace(/[^a-z0-9_.-]/g, '').replace(/^[^a-z_]+/, '').slice(0, 32);
  return clean === '' ? 'user' : clean;
}

export function buildAccounts(persona: ShellPersona, loginUser: string): Accounts {
  const family = persona.family;
  const rows = family === 'rhel' ? RHEL_USERS : family === 'alpine' ? ALPINE_USERS : [...DEBIAN_USERS, ...(isUbuntu(persona) ? UBUNTU_EXTRA_USERS : [])];
  const rootShell = family === 'alpine' ? '/bin/ash' : '/bin/bash';
  const users: Account[] = [];
  const personaRoot = persona.users.find((u) => u.uid === 0);
  users.push(toAccount(personaRoot ?? { name: 'root', uid: 0, home: '/root', shell: rootShell }, true));
  for (const [name, uid, gid, gecos, home, shell] of rows) users.push({ name, uid, gid, gecos, home, shell, sudo: false, human: false });
  const taken = (name: string): boolean => users.some((u) => u.name === name);
  let nextSystemUid = family === 'debian' ? 112 : 990;
  for (const p of persona.processes) {
    if (taken(p.user) || !/^[a-z_][a-z0-9_-]{0,31}$/.test(p.user)) continue;
    while (users.some((u) => u.uid === nextSystemUid)) nextSystemUid += family === 'debian' ? 1 : -1;
    users.push({ name: p.user, uid: nextSystemUid, gid: nextSystemUid, gecos: '', home: '/nonexistent', shell: family === 'debian' ? NOLOGIN_DEB : '/sbin/nologin', sudo: false, human: false });
  }
  for (const u of persona.users) if (u.uid !== 0 && !taken(u.name)) users.push(toAccount(u, true));
  if (!taken(loginUser)) {
    let uid = 1000;
    while (users.some((u) => u.uid === uid)) uid++;
    const shell = family === 'alpine' ? '/bin/ash' : '/bin/bash';
    users.push({ name: loginUser, uid, gid: uid, gecos: '', home: `/home/${loginUser}`, shell, sudo: false, human: true });
  }

  const groupRows = family === 'rhel' ? RHEL_GROUPS : family === 'alpine' ? ALPINE_GROUPS : DEBIAN_GROUPS;
  const groups: Group[] = groupRows.map(([name, gid]) => ({ name, gid, members: [] }));
  const adminGroup = family === 'debian' ? 'sudo' : 'wheel';
  for (const u of users) {
    if (!groups.some((g) => g.gid === u.gid)) groups.push({ name: u.name, gid: u.gid, members: [] });
    if (!u.human || u.uid === 0) continue;
    const extra = u.sudo ? (family === 'debian' && isUbuntu(persona) ? ['adm', 'cdrom', 'sudo', 'dip', 'plugdev'] : [adminGroup]) : [];
    for (const g of groups) if (extra.includes(g.name)) g.members.push(u.name);
  }
  const syslogAdm = groups.find((g) => g.name === 'adm');
  if (syslogAdm && family === 'debian' && users.some((u) => u.name === 'syslog')) syslogAdm.members.unshift('syslog');

  const byName = (name: string): Account | undefined => users.find((u) => u.name === name);
  const byUid = (uid: number): Account | undefined => users.find((u) => u.uid === uid);
  const groupByGid = (gid: number): Group | undefined => groups.find((g) => g.gid === gid);
  const groupsOf = (name: string): Group[] => {
    const acct = byName(name);
    const primary = acct ? groupByGid(acct.gid) : undefined;
    const rest = groups.filter((g) => g.members.includes(name) && g !== primary);
    return primary ? [primary, ...rest] : rest;
  };
  return {
    users,
    groups,
    byName,
    byUid,
    groupByGid,
    groupsOf,
    cred: (a) => ({ uid: a.uid, gid: a.gid, groups: groupsOf(a.name).map((g) => g.gid) }),
    adminGroup,
  };
}
