// The identity a fake shell presents: every kernel, OS, user, network and hardware string comes
// from here so that `uname`, /proc, /etc, `ip a`, the prompt and the motd agree (detectability D5).
// Filled later from the decky persona record; `exampleShellPersona` is for tests only.

export type DistroFamily = 'debian' | 'rhel' | 'alpine';

export interface ShellUser {
  name: string;
  uid: number;
  /** Primary group id; defaults to `uid` (user private groups). */
  gid?: number;
  home: string;
  shell: string;
  /** GECOS field of /etc/passwd, e.g. "Bob Smith,,,". */
  gecos?: string;
  /** Member of the admin group (sudo on Debian, wheel on RHEL/Alpine). */
  sudo?: boolean;
}

/** A long-running service shown by `ps` (kernel threads and the init/systemd base set are added per family). */
export interface ShellProcessSeed {
  user: string;
  /** Full command line, e.g. "nginx: master process /usr/sbin/nginx -g daemon on; master_process on;". */
  command: string;
  /** Resident set size in kB; a plausible default is derived from the seed. */
  rssKb?: number;
}

export interface ShellPersona {
  /** Stable per decky; drives PIDs, hashes, counters and jitter so no two deckies look alike. */
  seed: string;
  hostname: string;
  /** e.g. "Ubuntu 22.04.4 LTS", "Debian GNU/Linux 12 (bookworm)", "Rocky Linux 9.3 (Blue Onyx)". */
  osPrettyName: string;
  /** `uname -r`, e.g. "5.15.0-105-generic". */
  kernelRelease: string;
  /** `uname -v`, e.g. "#115-Ubuntu SMP Mon Apr 15 09:52:04 UTC 2024". */
  kernelVersion: string;
  /** `uname -m`: "x86_64" or "aarch64". */
  arch: string;
  family: DistroFamily;
  /**
   * BusyBox-only userland of an embedded device (archetypes whose nmap OS class is "embedded", on
   * Alpine): no package manager, interpreters, sudo, curl, openssl, ss or getent (see inventory.ts).
   */
  embedded?: boolean;
  /** Interactive accounts (uid >= 1000 usually) plus optionally root; system accounts are added per family. */
  users: ShellUser[];
  /** Network interface name, e.g. "eth0" or "ens18". */
  iface: string;
  ip: string;
  mac: string;
  /** Dotted quad, e.g. "255.255.255.0". */
  netmask: string;
  gateway: string;
  dnsServers?: string[];
  /** Boot instant in epoch ms; `uptime`, /proc/uptime, ps START and `w` derive from it. */
  bootedAtMs: number;
  cpuModel: string;
  cpuCount: number;
  memTotalKb: number;
  /** Size of the root filesystem in kB (default 30 GiB-ish from the seed). */
  diskTotalKb?: number;
  processes: ShellProcessSeed[];
  /** Extra or overriding files: absolute path -> content (mode 0644, owner root unless under a home). */
  files: Record<string, string>;
}

/** A complete, realistic Ubuntu 22.04 persona for tests; the seed varies hostname, addresses and boot time. */
export function exampleShellPersona(seed: string): ShellPersona {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  const octet = 10 + (h % 200);
  const macTail = [(h >>> 8) & 0xff, (h >>> 16) & 0xff, (h >>> 24) & 0xff]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join(':');
  const names = ['web', 'app', 'db', 'files', 'build', 'jump'];
  const hostname = `${names[h % names.length] ?? 'srv'}-${(h % 90) + 10}`;
  return {
    seed,
    hostname,
    osPrettyName: 'Ubuntu 22.04.4 LTS',
    kernelRelease: '5.15.0-105-generic',
    kernelVersion: '#115-Ubuntu SMP Mon Apr 15 09:52:04 UTC 2024',
    arch: 'x86_64',
    family: 'debian',
    users: [
      { name: 'root', uid: 0, home: '/root', shell: '/bin/bash' },
      { name: 'deploy', uid: 1000, home: '/home/deploy', shell: '/bin/bash', gecos: 'Deploy,,,', sudo: true },
      { name: 'maria', uid: 1001, home: '/home/maria', shell: '/bin/bash', gecos: 'Maria Keller,,,' },
    ],
    iface: 'eth0',
    ip: `192.168.10.${octet}`,
    mac: `52:54:00:${macTail}`,
    netmask: '255.255.255.0',
    gateway: '192.168.10.1',
    dnsServers: ['192.168.10.1'],
    bootedAtMs: Date.UTC(2024, 4, 2, 6, 12, 40) - (h % 86_400) * 1000,
    cpuModel: 'Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz',
    cpuCount: 2,
    memTotalKb: 4_005_096,
    diskTotalKb: 30_298_176,
    processes: [
      { user: 'root', command: 'nginx: master process /usr/sbin/nginx -g daemon on; master_process on;' },
      { user: 'www-data', command: 'nginx: worker process' },
      { user: 'www-data', command: 'nginx: worker process' },
    ],
    files: {
      '/var/www/html/index.html': '<!DOCTYPE html>\n<html><head><title>Welcome</title></head><body>It works.</body></html>\n',
    },
  };
}
