// Hostnames and DNS domains in the style each OS and role really uses (Windows' DESKTOP-XXXXXXX,
// HP's NPIxxxxxx from the MAC, RHEL's short names, role-site-number on Debian) - never a fleet constant.
import type { ArchetypeSlug, HostnameStyle, OsFamily } from '@decnet/protocol';
import { ADJECTIVES, HOST_WORDS, INTERNAL_DOMAINS, ORG_WORDS, SITE_CODES } from './names';
import type { NicClass } from './mac';
import type { Rng } from './rng';

const ROLES: Partial<Record<ArchetypeSlug, readonly string[]>> = {
  'linux-server': ['app', 'srv', 'util', 'svc', 'node'],
  'web-server': ['web', 'www', 'http', 'cms', 'portal'],
  'database-server': ['db', 'sql', 'pg', 'mysql', 'data'],
  'mail-server': ['mail', 'mx', 'smtp', 'relay', 'mx1'],
  'file-server': ['fs', 'nas', 'files', 'store', 'share'],
  'voip-server': ['pbx', 'voip', 'sip', 'asterisk'],
  'monitoring-node': ['mon', 'zabbix', 'nagios', 'grafana', 'prom'],
  'devops-host': ['ci', 'build', 'jenkins', 'k8s', 'docker', 'runner'],
  deaddeck: ['bastion', 'jump', 'gw', 'edge', 'vpn'],
  'windows-server': ['APP', 'FS', 'SQL', 'WEB', 'RDS', 'PRINT'],
  'domain-controller': ['DC', 'ADDC', 'DC'],
};

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ENVS = ['prod', 'stg', 'dev', 'qa', 'int'];
const TLDS = ['com', 'de', 'net', 'co.uk', 'nl', 'fr', 'io', 'eu'];

function nn(rng: Rng, max = 24): string {
  return String(rng.int(1, max)).padStart(2, '0');
}

function alnum(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[rng.int(0, ALNUM.length - 1)] ?? 'X';
  return s;
}

function roleOf(archetype: ArchetypeSlug | undefined, rng: Rng): string {
  return rng.pick(ROLES[archetype ?? 'linux-server'] ?? ROLES['linux-server'] ?? ['srv']);
}

function windowsName(os: OsFamily, archetype: ArchetypeSlug | undefined, rng: Rng): string {
  const site = rng.pick(SITE_CODES).toUpperCase();
  if (os === 'windows') {
    return rng.weighted(
      [() => `DESKTOP-${alnum(rng, 7)}`, () => `LAPTOP-${alnum(rng, 8)}`, () => `${site}-WS-${String(rng.int(1, 999)).padStart(3, '0')}`, () => `${site}LT${String(rng.int(1, 9999)).padStart(4, '0')}`],
      [5, 2, 2, 1],
    )();
  }
  const role = roleOf(archetype === 'domain-controller' ? archetype : 'windows-server', rng);
  return rng.weighted(
    [() => `WIN-${alnum(rng, 11)}`, () => `${site}-${role}${nn(rng, 9)}`, () => `SRV-${role}${nn(rng, 9)}`, () => `${rng.pick(ORG_WORDS).toUpperCase().slice(0, 8)}${role}${nn(rng, 9)}`],
    archetype === 'domain-controller' ? [0, 4, 1, 3] : [3, 3, 2, 1],
  )();
}

function embeddedName(nic: NicClass, mac: string, rng: Rng): string | undefined {
  const hex = mac.replaceAll(':', '').toUpperCase();
  if (nic === 'hp-printer') return `NPI${hex.slice(6)}`;
  if (nic === 'brother-printer') return `BRN${hex}`;
  if (nic === 'rpi') return rng.weighted([() => `rpi-${hex.slice(8).toLowerCase()}`, () => `${rng.pick(HOST_WORDS)}-pi`, () => `sensor-${rng.pick(HOST_WORDS)}-${nn(rng)}`, () => `iot-gw-${hex.slice(6).toLowerCase()}`], [3, 2, 2, 2])();
  if (nic === 'siemens') return rng.pick([`PLC-${nn(rng, 40)}`, `HMI-${rng.pick(SITE_CODES).toUpperCase()}-${nn(rng)}`, `scada-${rng.pick(HOST_WORDS)}`]) + (rng.chance(0.5) ? `-${hex.slice(8).toLowerCase()}` : '');
  if (nic === 'cisco') return `${rng.pick(SITE_CODES)}-${rng.pick(['sw', 'rtr', 'core', 'acc'])}${nn(rng, 12)}`;
  return undefined;
}

function linuxName(style: HostnameStyle, archetype: ArchetypeSlug | undefined, rng: Rng): string {
  const role = roleOf(archetype, rng);
  const word = rng.pick(HOST_WORDS);
  switch (style) {
    case 'rhel':
      return rng.weighted([() => `${word}${nn(rng, 40)}`, () => `${role}${nn(rng, 40)}`, () => `${role}-${word}`], [3, 2, 1])();
    case 'minimal':
      return rng.weighted([() => `${word}-${nn(rng, 40)}`, () => `${role}-${nn(rng, 40)}`], [2, 1])();
    case 'rolling':
      return `${rng.pick(ADJECTIVES)}-${word}`;
    default:
      return rng.weighted(
        [
          () => `${role}-${word}-${nn(rng)}`,
          () => `${rng.pick(SITE_CODES)}-${role}${nn(rng)}`,
          () => `${role}-${rng.pick(ENVS)}-${nn(rng, 40)}`,
          () => `SRV-${word.toUpperCase()}-${nn(rng)}`,
          () => `${word}${nn(rng, 40)}`,
        ],
        [4, 3, 1, 1, 2],
      )();
  }
}

export function pickHostname(opts: { os: OsFamily; archetype: ArchetypeSlug | undefined; style: HostnameStyle; nic: NicClass; mac: string }, rng: Rng): string {
  if (opts.os === 'windows' || opts.os === 'windows_server') return windowsName(opts.os, opts.archetype, rng);
  return embeddedName(opts.nic, opts.mac, rng) ?? linuxName(opts.style, opts.archetype, rng);
}

export function pickDomain(os: OsFamily, style: HostnameStyle, archetype: ArchetypeSlug | undefined, rng: Rng): string {
  const org = rng.pick(ORG_WORDS);
  if (archetype === 'mail-server' || archetype === 'deaddeck') return `${org}.${rng.pick(TLDS)}`;
  if (os === 'windows' || os === 'windows_server') return rng.weighted([`${org}.local`, `corp.${org}.com`, `ad.${org}.${rng.pick(TLDS)}`], [5, 3, 2]);
  if (style === 'rhel' && rng.chance(0.4)) return 'localdomain';
  return rng.weighted([`${org}.local`, rng.pick(INTERNAL_DOMAINS), `${org}.lan`, `${org}.${rng.pick(TLDS)}`], [4, 2, 2, 2]);
}
