// The persona's services seen from systemd and the socket table: units derived from the process
// list (so `systemctl`, `ps` and `ss` agree) and the listening sockets of known daemons.

import type { ShellPersona } from '../persona';
import type { ProcEntry } from './processes';
import { baseProcesses } from './processes';
import { machineId } from './identity';

export interface Unit {
  name: string;
  description: string;
  pid: number;
  command: string;
  startMs: number;
  rssKb: number;
}

export interface Listener {
  proto: 'tcp' | 'udp';
  addr: string;
  port: number;
  v6: boolean;
  process: string;
  pid: number;
}

/** [pattern on the command, unit name (debian, rhel), description, listening ports]. */
const KNOWN: ReadonlyArray<[RegExp, string, string, string, number[]]> = [
  [/sshd: .*listener|\/usr\/sbin\/sshd/, 'ssh', 'sshd', 'OpenBSD Secure Shell server', [22]],
  [/systemd-journald/, 'systemd-journald', 'systemd-journald', 'Journal Service', []],
  [/systemd-udevd/, 'systemd-udevd', 'systemd-udevd', 'Rule-based Manager for Device Events and Files', []],
  [/systemd-timesyncd/, 'systemd-timesyncd', 'systemd-timesyncd', 'Network Time Synchronization', []],
  [/systemd-networkd/, 'systemd-networkd', 'systemd-networkd', 'Network Configuration', []],
  [/systemd-resolved/, 'systemd-resolved', 'systemd-resolved', 'Network Name Resolution', []],
  [/systemd-logind/, 'systemd-logind', 'systemd-logind', 'User Login Management', []],
  [/dbus-daemon/, 'dbus', 'dbus-broker', 'D-Bus System Message Bus', []],
  [/\bcron\b|crond/, 'cron', 'crond', 'Regular background program processing daemon', []],
  [/rsyslogd/, 'rsyslog', 'rsyslog', 'System Logging Service', []],
  [/agetty/, 'getty@tty1', 'getty@tty1', 'Getty on tty1', []],
  [/auditd/, 'auditd', 'auditd', 'Security Auditing Service', []],
  [/chronyd/, 'chrony', 'chronyd', 'NTP client/server', []],
  [/NetworkManager/, 'NetworkManager', 'NetworkManager', 'Network Manager', []],
  [/nginx: master/, 'nginx', 'nginx', 'A high performance web server and a reverse proxy server', [80]],
  [/apache2|httpd/, 'apache2', 'httpd', 'The Apache HTTP Server', [80]],
  [/mysqld|mariadbd/, 'mariadb', 'mariadb', 'MariaDB database server', [3306]],
  [/postgres(ql)?\b.*-D|postgres: main|\/postgres /, 'postgresql', 'postgresql', 'PostgreSQL RDBMS', [5432]],
  [/redis-server/, 'redis-server', 'redis', 'Advanced key-value store', [6379]],
  [/vsftpd|proftpd/, 'vsftpd', 'vsftpd', 'vsftpd FTP server', [21]],
  [/smbd/, 'smbd', 'smb', 'Samba SMB Daemon', [139, 445]],
];

function match(cmd: string): (typeof KNOWN)[number] | undefined {
  return KNOWN.find(([re]) => re.test(cmd));
}

function top(persona: ShellPersona): ProcEntry[] {
  return baseProcesses(persona, machineId(persona)).filter((p) => !p.kernel && p.pid !== 1 && !/worker|child/.test(p.command));
}

export function units(persona: ShellPersona): Unit[] {
  const seen = new Set<string>();
  const out: Unit[] = [];
  for (const p of top(persona)) {
    const k = match(p.command);
    const base = k ? (persona.family === 'rhel' ? k[2] : k[1]) : (p.command.split(' ')[0] ?? '').split('/').pop() ?? 'unknown';
    const name = base.includes('@') ? `${base}.service` : `${base}.service`;
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ name, description: k ? k[3] : `${base} service`, pid: p.pid, command: p.command, startMs: p.startMs, rssKb: p.rssKb });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export function listeners(persona: ShellPersona): Listener[] {
  const out: Listener[] = [];
  for (const p of top(persona)) {
    const k = match(p.command);
    if (!k) continue;
    const name = /sshd/.test(p.command) ? 'sshd' : (p.command.split(/[: ]/)[0] ?? '').split('/').pop() ?? 'daemon';
    for (const port of k[4]) {
      const local = port === 3306 || port === 6379 || port === 5432;
      out.push({ proto: 'tcp', addr: local ? '127.0.0.1' : '0.0.0.0', port, v6: false, process: name, pid: p.pid });
      if (!local) out.push({ proto: 'tcp', addr: '::', port, v6: true, process: name, pid: p.pid });
    }
  }
  if (persona.family === 'debian' && persona.osPrettyName.toLowerCase().includes('ubuntu')) {
    const resolved = top(persona).find((p) => /systemd-resolved/.test(p.command));
    if (resolved) out.push({ proto: 'tcp', addr: '127.0.0.53', port: 53, v6: false, process: 'systemd-resolve', pid: resolved.pid });
  }
  return out.sort((a, b) => Number(a.v6) - Number(b.v6) || a.port - b.port);
}
