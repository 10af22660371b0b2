// A fixed, internally consistent example Persona (Ubuntu 22.04 web/db host) for template tests.
// Production personas come from persona/derive.ts. Every registered service's part is derived from
// the same fixed basis, so a new service needs no edit here; the strings older tests assert are pinned.
import { exampleShellPersona } from '../_shell/persona';
import { UBUNTU22 } from '../persona/releases-debian';
import { rngFor } from '../persona/rng';
import { servicePersonas } from '../persona/service-parts';
import type { Persona, ServicePersonas } from '../persona/types';
import type { PersonaBasis } from '../service';

export interface ExamplePersonaOptions {
  seed?: string;
  services?: Partial<ServicePersonas>;
  distro?: string;
}

export function examplePersona(options: ExamplePersonaOptions = {}): Persona {
  const seed = options.seed ?? '5eed0f00ba5eba11';
  const shell = exampleShellPersona(seed);
  const snap = { ...UBUNTU22.snapshots[2]!, kernelRelease: shell.kernelRelease, kernelVersion: shell.kernelVersion };
  const basis: PersonaBasis = {
    seed, osFamily: 'linux', archetype: 'web-server', release: UBUNTU22, snap, hostname: shell.hostname,
    fqdn: `${shell.hostname}.corp.local`, domain: 'corp.local', ip: shell.ip, arch: shell.arch, web: 'apache', sqlServer: 'mysql',
    ftp: { product: 'vsftpd', version: '3.0.5' }, mta: 'postfix', showPhp: true, productOnly: false, pgMajor: 14, workers: 2,
    config: {}, rng: (label) => rngFor(seed, `service:${label}`),
  };
  const services: ServicePersonas = {
    ...servicePersonas(basis),
    ssh: {
      banner: 'SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10',
      versionText: 'OpenSSH_8.9p1 Ubuntu-3ubuntu0.10, OpenSSL 3.0.2 15 Mar 2022',
    },
    telnet: { issue: `Ubuntu 22.04.4 LTS\r\n${shell.hostname} login: ` },
    http: { server: 'Apache/2.4.52 (Ubuntu)', poweredBy: 'PHP/8.1.2-1ubuntu2.17' },
    redis: {
      version: '6.0.16',
      os: `Linux ${shell.kernelRelease} ${shell.arch}`,
      runId: 'b0c7ae3e8a5d5c2f4e1d9a6b3c8f7e2d1a0b9c4d',
    },
    mysql: { version: '8.0.36-0ubuntu0.22.04.1', connectionIdStart: 4211 },
    ...options.services,
  };
  return {
    seed,
    deckyName: `decky-${shell.hostname}`,
    archetype: 'web-server',
    osFamily: 'linux',
    distro: options.distro ?? 'ubuntu22',
    hostname: shell.hostname,
    domain: 'corp.local',
    mac: shell.mac,
    timezone: 'Etc/UTC',
    shell,
    services,
  };
}
