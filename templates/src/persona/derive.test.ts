// derivePersona: deterministic from name + archetype, unique across a fleet, and consistent across
// layers (banner distro = OS = kernel flavour, Windows never shows a Linux build) - D1, D5, D9.
import { describe, expect, it } from 'vitest';
import { ARCHETYPE_SLUGS, DISTRO_SLUGS, type ArchetypeSlug, type DistroSlug } from '@decnet/protocol';
import { checkLogin } from '../runner/shell-bridge';
import { derivePersona, derivePersonas } from './derive';
import { ouisOf, type NicClass } from './mac';
import { personaSeed, sha256Hex } from './rng';
import type { Persona } from './types';

const NOW = Date.UTC(2026, 5, 1);
const fleet = (n: number, archetype?: (i: number) => ArchetypeSlug): Persona[] =>
  Array.from({ length: n }, (_, i) => derivePersona({ deckyName: `decky-${String(i).padStart(3, '0')}`, archetype: archetype?.(i) ?? ARCHETYPE_SLUGS[i % ARCHETYPE_SLUGS.length], nowMs: NOW }));

describe('derivePersona determinism', () => {
  it('gives the same persona for the same inputs', () => {
    const a = derivePersona({ deckyName: 'web-01', archetype: 'web-server', nowMs: NOW });
    const b = derivePersona({ deckyName: 'web-01', archetype: 'web-server', nowMs: NOW });
    expect(b).toEqual(a);
  });

  it('seeds from SHA-256 of name and archetype', () => {
    const p = derivePersona({ deckyName: 'web-01', archetype: 'web-server', nowMs: NOW });
    expect(p.seed).toBe(personaSeed('web-01', 'web-server'));
    expect(p.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(derivePersona({ deckyName: 'web-01', archetype: 'linux-server', nowMs: NOW }).seed).not.toBe(p.seed);
    expect(sha256Hex('x')).toHaveLength(64);
  });

  it('keeps the boot time stable for weeks and inside 1-60 days of uptime', () => {
    const a = derivePersona({ deckyName: 'db-1', archetype: 'database-server', nowMs: NOW });
    const b = derivePersona({ deckyName: 'db-1', archetype: 'database-server', nowMs: NOW + 3_600_000 });
    expect(b.shell.bootedAtMs).toBe(a.shell.bootedAtMs);
    for (const p of fleet(60)) {
      const days = (NOW - p.shell.bootedAtMs) / 86_400_000;
      expect(days).toBeGreaterThan(0.04);
      expect(days).toBeLessThanOrEqual(61);
    }
  });
});

describe('derivePersona uniqueness across 200 deckies', () => {
  const personas = fleet(200);

  it('never repeats a hostname, MAC or seed', () => {
    expect(new Set(personas.map((p) => p.hostname.toLowerCase())).size).toBe(200);
    expect(new Set(personas.map((p) => p.mac)).size).toBe(200);
    expect(new Set(personas.map((p) => p.seed)).size).toBe(200);
    expect(new Set(personas.map((p) => p.services.redis.runId)).size).toBe(200);
  });

  it('derivePersonas guarantees distinct hostnames even for 200 deckies of one archetype', () => {
    const same = derivePersonas(Array.from({ length: 200 }, (_, i) => ({ deckyName: `node-${i}`, archetype: 'linux-server' as const, nowMs: NOW })));
    expect(new Set(same.map((p) => p.hostname.toLowerCase())).size).toBe(200);
  });

  it('uses no fleet-wide constant password or admin name', () => {
    const roots = new Set(personas.flatMap((p) => (p.logins ?? []).filter((l) => l.user === 'root').map((l) => l.password)));
    expect(roots.size).toBeGreaterThan(15);
    expect(new Set(personas.map((p) => p.adminUser)).size).toBeGreaterThan(40);
  });
});

const DISTRO_MARKS: Record<string, { banner: RegExp; pretty: RegExp; kernel: RegExp; kver: RegExp }> = {
  ubuntu22: { banner: /^SSH-2\.0-OpenSSH_8\.9p1 Ubuntu-3ubuntu0\.\d+$/, pretty: /^Ubuntu 22\.04\.\d LTS$/, kernel: /^5\.15\.0-\d+-generic$/, kver: /^#\d+-Ubuntu SMP /},
  ubuntu20: { banner: /^SSH-2\.0-OpenSSH_8\.2p1 Ubuntu-4ubuntu0\.\d+$/, pretty: /^Ubuntu 20\.04\.\d LTS$/, kernel: /^5\.4\.0-\d+-generic$/, kver: /^#\d+-Ubuntu SMP / },
  debian: { banner: /^SSH-2\.0-OpenSSH_9\.2p1 Debian-2\+deb12u\d$/, pretty: /^Debian GNU\/Linux 12 \(bookworm\)$/, kernel: /^6\.1\.0-\d+-amd64$/, kver: /^#1 SMP PREEMPT_DYNAMIC Debian 6\.1\.\d+-\d \(/ },
  rocky9: { banner: /^SSH-2\.0-OpenSSH_8\.7$/, pretty: /^Rocky Linux 9\.\d \(Blue Onyx\)$/, kernel: /^5\.14\.0-[\d.]+\.el9_\d\.x86_64$/, kver: /^#1 SMP PREEMPT_DYNAMIC / },
  centos7: { banner: /^SSH-2\.0-OpenSSH_7\.4$/, pretty: /^CentOS Linux 7 \(Core\)$/, kernel: /^3\.10\.0-[\d.]+\.el7\.x86_64$/, kver: /^#1 SMP / },
  fedora: { banner: /^SSH-2\.0-OpenSSH_9\.3$/, pretty: /^Fedora Linux 39/, kernel: /\.fc39\.x86_64$/, kver: /^#1 SMP PREEMPT_DYNAMIC / },
  alpine: { banner: /^SSH-2\.0-OpenSSH_9\.6$/, pretty: /^Alpine Linux v3\.19$/, kernel: /^6\.6\.\d+-0-(virt|rpi)$/, kver: /^#1-Alpine SMP / },
  kali: { banner: /^SSH-2\.0-OpenSSH_9\.\dp1 Debian-\d$/, pretty: /^Kali GNU\/Linux Rolling$/, kernel: /^6\.\d+\.\d+-amd64$/, kver: /Kali/ },
};
const HTTP_TAG: Record<string, RegExp> = { ubuntu22: /\(Ubuntu\)$|^(Apache|nginx)$/, ubuntu20: /\(Ubuntu\)$|^(Apache|nginx)$/, debian: /\(Debian\)$|^nginx(\/1\.22\.1)?$|^Apache$/, rocky9: /\(Rocky Linux\)$|^nginx(\/1\.20\.1)?$|^Apache$/, alpine: /^(Apache(\/2\.4\.\d+ \(Unix\))?|nginx(\/1\.24\.0)?)$/ };

function checkLinux(p: Persona): void {
  const marks = DISTRO_MARKS[p.distro];
  expect(marks, p.distro).toBeDefined();
  if (!marks) return;
  const s = p.services;
  expect(s.ssh.banner).toMatch(marks.banner);
  expect(p.shell.osPrettyName).toMatch(marks.pretty);
  if (p.shell.arch === 'aarch64') {
    expect(p.shell.kernelRelease).toMatch(/-rpi|-raspi|rpi-v8|\.aarch64$/);
    expect(p.shell.kernelVersion).toMatch(p.distro === 'rocky9' || p.distro === 'centos7' || p.distro === 'fedora' ? marks.kver : /SMP PREEMPT /);
  } else {
    expect(p.shell.kernelRelease).toMatch(marks.kernel);
    expect(p.shell.kernelVersion).toMatch(marks.kver);
  }
  // `ssh -V` names the same OpenSSH release as the banner.
  const bannerVersion = /OpenSSH_(\d+\.\d+)/.exec(s.ssh.banner)?.[1];
  expect(s.ssh.versionText.startsWith(`OpenSSH_${bannerVersion}p1`)).toBe(true);
  expect(s.redis.os).toBe(`Linux ${p.shell.kernelRelease} ${p.shell.arch}`);
  expect(s.telnet.issue.endsWith(`${p.hostname} login: `)).toBe(true);
  expect(s.smtp.banner.startsWith(`${p.hostname}.`)).toBe(true);
  if (p.distro === 'ubuntu22') expect(s.mysql.version).toMatch(/^8\.0\.\d+-0ubuntu0\.22\.04\.\d$/);
  if (p.distro === 'debian') expect(s.mysql.version).toMatch(/^5\.5\.5-10\.11\.\d+-MariaDB-.*deb12u1$/);
  const tag = HTTP_TAG[p.distro];
  if (tag && p.archetype !== 'printer') expect(s.http.server).toMatch(tag);
  expect(s.ssh.banner + s.http.server + s.ftp.banner).not.toMatch(/honeypot|cowrie|decnet|decky/i);
  // Logins: root plus the admin account, and nothing else gets in.
  const admin = p.shell.users.find((u) => u.sudo);
  expect(admin?.name).toBe(p.adminUser);
  // Printers, PLCs and embedded devices on a distro userland give no shell (vendor firmware, issue 17).
  const firmware = p.archetype === 'printer' || p.archetype === 'industrial-control' || (p.osFamily === 'embedded' && p.shell.family !== 'alpine');
  expect((p.logins ?? []).map((l) => l.user)).toEqual(firmware ? [] : ['root', p.adminUser]);
  expect(checkLogin(p, 'root', 'definitely-not-the-password-123')).toBe(false);
  expect(checkLogin(p, 'nobody', p.logins?.[0]?.password ?? '')).toBe(false);
}

describe('derivePersona consistency', () => {
  const combos: Array<[ArchetypeSlug, DistroSlug | undefined]> = ARCHETYPE_SLUGS.flatMap((a) => [[a, undefined] as [ArchetypeSlug, undefined], ...DISTRO_SLUGS.map((d) => [a, d] as [ArchetypeSlug, DistroSlug])]);

  it('agrees across layers for every archetype and distro', () => {
    for (const [archetype, distro] of combos) {
      for (const n of [1, 2, 3]) {
        const p = derivePersona({ deckyName: `c-${archetype}-${distro ?? 'x'}-${n}`, archetype, distro, nowMs: NOW });
        if (p.osFamily === 'windows' || p.osFamily === 'windows_server') {
          expect(p.services.ssh.banner).toBe('SSH-2.0-OpenSSH_for_Windows_8.1');
          expect(JSON.stringify(p.services)).not.toMatch(/Ubuntu|Debian|Rocky|Alpine|CentOS|Fedora|Kali|MariaDB-0/);
          expect(p.services.http.server).toBe('Microsoft-IIS/10.0');
          expect(p.hostname.length).toBeLessThanOrEqual(15);
          expect(p.hostname).toBe(p.hostname.toUpperCase());
          expect(p.logins).toEqual([]);
        } else checkLinux(p);
        expect(p.hostname).toMatch(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/);
        expect(p.shell.mac).toBe(p.mac);
        expect(p.shell.hostname).toBe(p.hostname);
      }
    }
  });

  it('picks the MAC vendor for the machine class', () => {
    const classes = (names: NicClass[]): string[] => names.flatMap((n) => [...ouisOf(n)]);
    const oui = (p: Persona): string => p.mac.slice(0, 8);
    for (const p of fleet(45)) {
      if (p.archetype === 'printer') expect(classes(['hp-printer', 'brother-printer'])).toContain(oui(p));
      else if (p.archetype === 'iot-device') {
        expect(classes(['rpi'])).toContain(oui(p));
        expect(p.shell.arch).toBe('aarch64');
      } else if (p.archetype === 'windows-workstation') expect(classes(['workstation', 'vmware', 'hyperv'])).toContain(oui(p));
      else expect(classes(['vmware', 'qemu', 'hyperv', 'xen', 'server', 'siemens'])).toContain(oui(p));
      if (oui(p) === '00:50:56') expect(parseInt(p.mac.slice(9, 11), 16)).toBeLessThan(0x40);
    }
  });

  it('shows the processes of the services the decky runs', () => {
    const web = derivePersona({ deckyName: 'w1', archetype: 'web-server', distro: 'ubuntu22', services: ['http', 'ftp', 'mysql'], nowMs: NOW });
    const cmds = web.shell.processes.map((p) => p.command).join('\n');
    expect(cmds).toMatch(web.services.http.server.startsWith('nginx') ? /nginx: master/ : /apache2 -k start/);
    expect(cmds).toMatch(/vsftpd/);
    expect(cmds).toMatch(/mysqld/);
    const deb = derivePersona({ deckyName: 'd1', archetype: 'database-server', distro: 'debian', services: ['mysql', 'redis'], nowMs: NOW });
    expect(deb.shell.processes.map((p) => p.command).join('\n')).toMatch(/mariadbd[\s\S]*redis-server/);
  });
});

describe('derivePersona INI overrides', () => {
  it('applies DECNET keys', () => {
    const p = derivePersona({
      deckyName: 'o1',
      archetype: 'linux-server',
      nowMs: NOW,
      serviceConfig: {
        ssh: { hostname: 'build-box', password: 'S3cret!', user: 'ops', user_password: 'opspass' },
        http: { server_header: 'Apache/2.4.41 (Ubuntu)' },
        mysql: { version: '5.7.42-log' },
        redis: { version: '7.2.4', os_string: 'Linux 6.8.0 x86_64' },
        smtp: { banner: 'mx.example.org ESMTP', mta: 'exim' },
      },
    });
    expect(p.hostname).toBe('build-box');
    expect(p.services.telnet.issue).toContain('build-box login: ');
    expect(p.services.http).toEqual({ server: 'Apache/2.4.41 (Ubuntu)' });
    expect(p.services.mysql.version).toBe('5.7.42-log');
    expect(p.services.redis).toMatchObject({ version: '7.2.4', os: 'Linux 6.8.0 x86_64' });
    expect(p.services.smtp).toEqual({ banner: 'mx.example.org ESMTP', mta: 'exim' });
    expect(p.logins).toEqual([{ user: 'root', password: 'S3cret!' }, { user: 'ops', password: 'opspass' }]);
    expect(p.shell.users.find((u) => u.name === 'ops')?.sudo).toBe(true);
  });

  it('skips taken hostnames and ignores an invalid configured one', () => {
    const first = derivePersona({ deckyName: 't1', archetype: 'web-server', nowMs: NOW });
    const again = derivePersona({ deckyName: 't1', archetype: 'web-server', nowMs: NOW, takenHostnames: new Set([first.hostname.toLowerCase()]) });
    expect(again.hostname).not.toBe(first.hostname);
    const bad = derivePersona({ deckyName: 't1', archetype: 'web-server', nowMs: NOW, serviceConfig: { ssh: { hostname: 'evil;rm -rf /' } } });
    expect(bad.hostname).toBe(first.hostname);
  });
});

describe('derivePersona shell userland', () => {
  it('gives an embedded device on a BusyBox userland the embedded command set, and nothing else', () => {
    expect(derivePersona({ deckyName: 'cam-01', nmapOs: 'embedded', distro: 'alpine', nowMs: 0 }).shell.embedded).toBe(true);
    expect(derivePersona({ deckyName: 'box-01', nmapOs: 'linux', distro: 'alpine', nowMs: 0 }).shell.embedded).toBeUndefined();
    expect(derivePersona({ deckyName: 'srv-01', nmapOs: 'embedded', distro: 'debian', nowMs: 0 }).shell.embedded).toBeUndefined();
  });
});
