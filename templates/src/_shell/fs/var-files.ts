// /var, /tmp, /run, /dev, /srv, /opt and friends. Authentication and system logs are generated at
// read time from the clock (hourly cron sessions, internet brute-force noise every exposed host sees),
// so they are never frozen at build time.

import type { ShellPersona } from '../persona';
import type { Accounts } from '../sys/accounts';
import type { TreeBuilder } from './tree-builder';
import { hash32, makeRng } from '../sys/rng';
import { strftime } from '../sys/time-format';
import { busyboxMessages } from './busybox-syslog';

const PROBE_USERS = ['admin', 'test', 'oracle', 'ubuntu', 'user', 'postgres', 'git', 'ftpuser', 'guest', 'support', 'pi', 'deploy', 'dev', 'jenkins'];

function syslogStamp(ms: number): string {
  return strftime('%b %e %H:%M:%S', new Date(ms));
}

function publicIp(h: number): string {
  const first = [45, 61, 80, 92, 103, 118, 141, 159, 170, 185, 193, 211][h % 12] ?? 45;
  return `${first}.${(h >>> 8) % 256}.${(h >>> 16) % 256}.${((h >>> 24) % 253) + 1}`;
}

/** Last ~day of auth events, ending at `nowMs`. */
export function authLog(persona: ShellPersona, nowMs: number): string {
  const lines = authEvents(persona, nowMs);
  return lines.map(([ms, text]) => `${syslogStamp(ms)} ${text}`).join('\n') + (lines.length > 0 ? '\n' : '');
}

/** The auth log's events as [time, "host prog[pid]: message"], sorted. */
export function authEvents(persona: ShellPersona, nowMs: number): Array<[number, string]> {
  const host = persona.hostname;
  const lines: Array<[number, string]> = [];
  const hour = 3_600_000;
  const start = Math.max(persona.bootedAtMs, nowMs - 24 * hour);
  for (let h = Math.floor(start / hour); h * hour <= nowMs; h++) {
    const cron = h * hour + 17 * 60_000 + 1000;
    if (cron >= start && cron <= nowMs) {
      const pid = 10_000 + (hash32(`${persona.seed}:cron:${h}`) % 80_000);
      lines.push([cron, `${host} CRON[${pid}]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)`]);
      lines.push([cron, `${host} CRON[${pid}]: pam_unix(cron:session): session closed for user root`]);
    }
    const rng = makeRng(`${persona.seed}:probe:${h}`);
    const probes = rng.int(0, 3);
    for (let i = 0; i < probes; i++) {
      const at = h * hour + rng.int(0, hour - 1);
      if (at < start || at > nowMs) continue;
      const pid = 10_000 + rng.int(0, 90_000);
      const ip = publicIp(hash32(`${persona.seed}:${h}:${i}`));
      const port = rng.int(30_000, 65_000);
      const user = rng.pick(PROBE_USERS);
      lines.push([at, `${host} sshd[${pid}]: Invalid user ${user} from ${ip} port ${port}`]);
      lines.push([at + 2000, `${host} sshd[${pid}]: Failed password for invalid user ${user} from ${ip} port ${port} ssh2`]);
      lines.push([at + 3000, `${host} sshd[${pid}]: Connection closed by invalid user ${user} ${ip} port ${port} [preauth]`]);
    }
  }
  return lines.sort((a, b) => a[0] - b[0]);
}

function syslog(persona: ShellPersona, nowMs: number): string {
  const host = persona.hostname;
  const out: string[] = [];
  const hour = 3_600_000;
  const start = Math.max(persona.bootedAtMs, nowMs - 6 * hour);
  for (let h = Math.floor(start / hour); h * hour <= nowMs; h++) {
    const cron = h * hour + 17 * 60_000 + 1000;
    if (cron >= start && cron <= nowMs) out.push(`${syslogStamp(cron)} ${host} CRON[${10_000 + (hash32(`${persona.seed}:cron:${h}`) % 80_000)}]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)`);
    const timer = h * hour + (hash32(`${persona.seed}:timer:${h}`) % hour);
    if (timer >= start && timer <= nowMs) {
      out.push(`${syslogStamp(timer)} ${host} systemd[1]: Starting Cleanup of Temporary Directories...`);
      out.push(`${syslogStamp(timer + 120)} ${host} systemd[1]: systemd-tmpfiles-clean.service: Deactivated successfully.`);
      out.push(`${syslogStamp(timer + 121)} ${host} systemd[1]: Finished Cleanup of Temporary Directories.`);
    }
  }
  return out.join('\n') + (out.length > 0 ? '\n' : '');
}

export function addVarAndRuntime(t: TreeBuilder, persona: ShellPersona, accounts: Accounts, installedAtMs: number): void {
  const gidOf = (name: string): number => accounts.groups.find((g) => g.name === name)?.gid ?? 0;
  const uidOf = (name: string): number => accounts.byName(name)?.uid ?? 0;
  const m = { mtimeMs: installedAtMs };
  for (const d of ['/var/cache', '/var/lib', '/var/local', '/var/opt', '/var/spool', '/var/backups', '/var/mail', '/srv', '/opt', '/mnt', '/media', '/boot', '/usr/local/bin', '/usr/local/sbin', '/usr/local/lib', '/usr/local/share', '/usr/share/doc', '/usr/share/man', '/usr/include', '/usr/src', '/usr/lib/modules']) t.dir(d, m);
  t.dir('/var/log', { ...m, mode: persona.family === 'debian' ? 0o775 : 0o755, gid: persona.family === 'debian' ? gidOf('syslog') : 0 });
  t.dir('/var/tmp', { ...m, mode: 0o1777 });
  t.dir('/tmp', { mode: 0o1777, mtimeMs: persona.bootedAtMs + 60_000 });
  for (const d of ['.X11-unix', '.ICE-unix', '.font-unix', '.Test-unix', '.XIM-unix']) t.dir(`/tmp/${d}`, { mode: 0o1777, mtimeMs: persona.bootedAtMs + 5000 });
  if (persona.family !== 'alpine') {
    for (const svc of persona.family === 'rhel' ? ['chronyd.service', 'dbus-broker.service'] : ['systemd-logind.service', 'systemd-resolved.service', 'systemd-timesyncd.service']) {
      t.dir(`/tmp/systemd-private-${hash32(`${persona.seed}:boot`).toString(16).padStart(8, '0')}${hash32(persona.hostname).toString(16).padStart(8, '0')}-${svc}-${hash32(svc).toString(36).slice(0, 6)}`, { mode: 0o700, mtimeMs: persona.bootedAtMs + 7000 });
    }
  }
  const live = (path: string, content: (now: number) => string, mode: number, uid: number, gid: number): void => {
    t.file(path, content, { mode, uid, gid, mtimeMs: persona.bootedAtMs, live: true });
  };
  if (persona.family === 'debian') {
    const adm = gidOf('adm');
    const syslogUid = uidOf('syslog');
    live('/var/log/auth.log', (now) => authLog(persona, now), 0o640, syslogUid, adm);
    live('/var/log/syslog', (now) => syslog(persona, now), 0o640, syslogUid, adm);
    t.file('/var/log/kern.log', '', { mode: 0o640, uid: syslogUid, gid: adm, mtimeMs: persona.bootedAtMs + 30_000 });
    t.file('/var/log/dpkg.log', `${strftime('%Y-%m-%d %H:%M:%S', new Date(installedAtMs + 3_600_000))} startup archives unpack\n${strftime('%Y-%m-%d %H:%M:%S', new Date(installedAtMs + 3_600_000))} install openssh-server:amd64 <none> 1:8.9p1-3ubuntu0.7\n`, m);
    t.dir('/var/log/apt', m);
    t.dir('/var/spool/cron/crontabs', { ...m, mode: 0o1730, gid: gidOf('crontab') });
    t.dir('/var/lib/dpkg', m);
    t.dir('/var/lib/apt/lists', m);
  } else if (persona.family === 'alpine') {
    live('/var/log/messages', (now) => busyboxMessages(persona, now), 0o644, 0, 0);
    t.dir('/var/spool/cron', { ...m, mode: 0o700 });
  } else {
    live('/var/log/secure', (now) => authLog(persona, now), 0o600, 0, 0);
    live('/var/log/messages', (now) => syslog(persona, now), 0o600, 0, 0);
    t.dir('/var/spool/cron', { ...m, mode: 0o700 });
  }
  for (const bin of ['wtmp', 'lastlog']) t.file(`/var/log/${bin}`, '\0'.repeat(384), { mode: 0o664, gid: gidOf('utmp'), mtimeMs: persona.bootedAtMs });
  t.file('/var/log/btmp', '\0'.repeat(384 * 3), { mode: 0o660, gid: gidOf('utmp'), mtimeMs: persona.bootedAtMs });
  t.dir('/run', { mode: 0o755, mtimeMs: persona.bootedAtMs });
  t.dir('/run/sshd', { mode: 0o755, mtimeMs: persona.bootedAtMs });
  t.dir('/run/lock', { mode: 0o1777, mtimeMs: persona.bootedAtMs });
  t.dir('/dev', { mode: 0o755, mtimeMs: persona.bootedAtMs });
  t.device('/dev/null', 'null', [1, 3]);
  t.device('/dev/zero', 'zero', [1, 5]);
  t.device('/dev/random', 'random', [1, 8]);
  t.device('/dev/urandom', 'random', [1, 9]);
  t.device('/dev/tty', 'tty', [5, 0], 0o666, gidOf('tty'));
  t.dir('/dev/pts', { mode: 0o755, mtimeMs: persona.bootedAtMs });
  t.dir('/dev/shm', { mode: 0o1777, mtimeMs: persona.bootedAtMs });
  t.dir('/lost+found', { ...m, mode: 0o700 });
}
