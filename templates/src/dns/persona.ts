// The dns persona part: the BIND build the distro ships (version.bind as `named -v` prints it), the
// server-id (hostname.bind, id.server, NSID), and the seeded zone this server is authoritative for
// (SOA timers, NS/MX/TXT and a few plausible hosts in the persona's /24), plus `named` in `ps`.
import type { ShellProcessSeed } from '../_shell/persona';
import { configValue, type PersonaBasis } from '../service';

export interface ZoneHost {
  /** Relative name (`www`) or `@` for the apex. */
  name: string;
  ip: string;
}

export interface DnsPersona {
  /** version.bind text; undefined when hidden (`version none;`): NODATA with the CHAOS SOA. */
  version?: string;
  /** hostname.bind. */
  hostname: string;
  /** id.server and NSID; undefined when `server-id none;`. */
  serverId?: string;
  zone: {
    domain: string;
    ttl: number;
    soa: { mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number };
    ns: string[];
    mx: Array<{ pref: number; host: string }>;
    txt: string[];
    hosts: ZoneHost[];
  };
}

/** [first date, version.bind] per distro: the bind9 package current at the persona's snapshot date. */
const BIND: Record<string, Array<[string, string]>> = {
  debian: [['2023-01-01', '9.18.19-1~deb12u1-Debian'], ['2024-02-14', '9.18.24-1-Debian'], ['2024-07-24', '9.18.28-1~deb12u2-Debian'], ['2025-01-30', '9.18.33-1~deb12u2-Debian']],
  ubuntu22: [['2023-01-01', '9.18.18-0ubuntu0.22.04.1-Ubuntu'], ['2024-02-14', '9.18.18-0ubuntu0.22.04.2-Ubuntu'], ['2024-07-24', '9.18.28-0ubuntu0.22.04.1-Ubuntu'], ['2025-01-30', '9.18.30-0ubuntu0.22.04.2-Ubuntu']],
  ubuntu20: [['2023-01-01', '9.16.1-Ubuntu'], ['2024-02-14', '9.18.18-0ubuntu0.20.04.1-Ubuntu'], ['2024-07-24', '9.18.28-0ubuntu0.20.04.1-Ubuntu']],
  rocky9: [['2023-01-01', '9.16.23-RH']],
  centos7: [['2023-01-01', '9.11.4-P2-RedHat-9.11.4-26.P2.el7_9.15'], ['2024-03-01', '9.11.4-P2-RedHat-9.11.4-26.P2.el7_9.16']],
  fedora: [['2023-01-01', '9.18.24'], ['2024-07-24', '9.18.28']],
  alpine: [['2023-01-01', '9.18.24'], ['2024-06-01', '9.18.27']],
  kali: [['2023-01-01', '9.19.21-1-Debian'], ['2024-08-01', '9.20.1-1-Debian']],
  arch: [['2023-01-01', '9.18.24'], ['2024-08-01', '9.20.0']],
};

const HOST_STEMS = ['www', 'mail', 'vpn', 'gw', 'intranet', 'git', 'wiki', 'jira', 'fs01', 'db01', 'backup', 'proxy', 'monitor', 'ldap', 'print', 'files', 'portal', 'dev', 'crm', 'owa'];
const SOA_TIMERS: Array<[number, number, number, number]> = [[3600, 900, 604800, 86400], [604800, 86400, 2419200, 604800], [10800, 3600, 604800, 3600], [86400, 7200, 3600000, 3600], [28800, 7200, 1209600, 86400]];

function bindVersion(b: PersonaBasis): string | undefined {
  // Windows runs Microsoft DNS with EnableVersionQuery 0: no version text (closest: `version none;`).
  if (b.foreign === 'windows' || b.foreign === 'windows_server') return undefined;
  if (b.foreign) return '9.18.27';
  const rows = BIND[b.release.slug] ?? BIND['debian']!;
  let v = rows[0]![1];
  for (const [date, ver] of rows) if (date <= b.snap.date) v = ver;
  return v;
}

function neighbour(ip: string, last: number): string {
  const p = ip.split('.');
  return p.length === 4 ? `${p[0]}.${p[1]}.${p[2]}.${last}` : `10.0.0.${last}`;
}

export function dnsPersona(b: PersonaBasis): DnsPersona {
  const rng = b.rng('dns');
  const domain = (configValue(b, 'dns', 'domain', 253) ?? b.domain).toLowerCase().replace(/\.$/, '');
  const ownLast = Number(b.ip.split('.')[3] ?? 10);
  const used = new Set([ownLast, 0, 255]);
  const addr = (): string => {
    for (let i = 0; i < 50; i++) {
      const n = rng.int(2, 254);
      if (!used.has(n)) {
        used.add(n);
        return neighbour(b.ip, n);
      }
    }
    return neighbour(b.ip, 250);
  };
  const hostname = b.hostname.toLowerCase();
  const hosts: ZoneHost[] = [{ name: hostname, ip: b.ip }, { name: 'ns1', ip: b.ip }, { name: 'ns2', ip: addr() }, { name: 'mail', ip: addr() }];
  const stems = HOST_STEMS.filter((s) => s !== 'mail' && s !== hostname);
  const extra = rng.int(3, 6);
  for (let i = 0; i < extra && stems.length; i++) hosts.push({ name: stems.splice(rng.int(0, stems.length - 1), 1)[0]!, ip: addr() });
  const [refresh, retry, expire, minimum] = rng.pick(SOA_TIMERS);
  const day = b.snap.date.replaceAll('-', '');
  const serial = Number(`${day}${String(rng.int(1, 12)).padStart(2, '0')}`);
  const txt = [rng.pick(['v=spf1 mx -all', 'v=spf1 mx a -all', `v=spf1 mx ip4:${neighbour(b.ip, 0)}/24 ~all`])];
  if (rng.chance(0.4)) txt.push(`google-site-verification=${rng.hex(43)}`);
  const version = configValue(b, 'dns', 'bind_version', 128) ?? bindVersion(b);
  const serverId = configValue(b, 'dns', 'nsid', 64) ?? (b.foreign?.startsWith('windows') ? undefined : hostname);
  return {
    ...(version && version !== 'none' ? { version } : {}),
    hostname,
    ...(serverId ? { serverId } : {}),
    zone: {
      domain, ttl: rng.pick([3600, 86400, 300, 14400]),
      soa: { mname: `ns1.${domain}`, rname: `${rng.pick(['hostmaster', 'root', 'admin', 'dnsadmin'])}.${domain}`, serial, refresh, retry, expire, minimum },
      ns: [`ns1.${domain}`, `ns2.${domain}`], mx: [{ pref: 10, host: `mail.${domain}` }], txt, hosts,
    },
  };
}

/** `named` as each distro's unit starts it. */
export function dnsProcesses(b: PersonaBasis): ShellProcessSeed[] {
  if (b.foreign) return [];
  if (b.release.family === 'debian') return [{ user: 'bind', command: '/usr/sbin/named -f -u bind' }];
  if (b.release.family === 'alpine') return [{ user: 'named', command: '/usr/sbin/named -u named -c /etc/bind/named.conf' }];
  return [{ user: 'named', command: '/usr/sbin/named -u named -c /etc/named.conf' }];
}
