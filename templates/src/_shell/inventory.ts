// Per-persona command inventory: which emulated commands a persona's distribution installs
// (Debian/Ubuntu apt + systemd, RHEL dnf + systemd, Alpine apk + BusyBox/OpenRC, embedded BusyBox). Only installed
// commands get a binary in the filesystem, so `which`, `type`, completion and "command not found" agree.

import type { DistroFamily, ShellPersona } from './persona';
import type { BinarySpec } from './fs/bin-files';

/** Commands limited to some families; every other registered command is on all of them. */
const ONLY: Readonly<Record<string, readonly DistroFamily[]>> = {
  systemctl: ['debian', 'rhel'],
  journalctl: ['debian', 'rhel'],
  service: ['debian', 'rhel'],
  'apt-get': ['debian'],
  apt: ['debian'],
  dpkg: ['debian'],
  dnf: ['rhel'],
  yum: ['rhel'],
  rpm: ['rhel'],
  apk: ['alpine'],
  'rc-service': ['alpine'],
  'rc-status': ['alpine'],
  logread: ['alpine'],
  perl: ['debian', 'rhel'],
  python3: ['debian', 'rhel'],
  netstat: ['debian', 'rhel', 'alpine'],
  file: ['debian', 'rhel'],
};

/** Paths that differ per family (BusyBox puts most applets in /bin and /sbin). */
const ALPINE_PATHS: Readonly<Record<string, string>> = {
  ping: '/bin/ping',
  mount: '/bin/mount',
  dmesg: '/bin/dmesg',
  route: '/sbin/route',
  arp: '/sbin/arp',
  netstat: '/bin/netstat',
  tar: '/bin/tar',
  vi: '/bin/vi',
  stat: '/bin/stat',
  more: '/bin/more',
};

/** Not in an embedded device's BusyBox build (on top of what Alpine already lacks). */
const NOT_EMBEDDED = new Set(['rc-service', 'rc-status', 'apk', 'curl', 'sudo', 'openssl', 'ss', 'getent', 'last', 'lscpu', 'crontab', 'chpasswd', 'nohup', 'sha512sum', 'bash']);

export function isInstalled(family: DistroFamily, name: string, embedded = false): boolean {
  if (embedded && NOT_EMBEDDED.has(name)) return false;
  const only = ONLY[name];
  return only === undefined || only.includes(family);
}

/** The binaries the persona's filesystem holds: registered commands filtered by the inventory. */
export function installedBinaries(persona: ShellPersona, all: readonly BinarySpec[]): BinarySpec[] {
  return all
    .filter((b) => isInstalled(persona.family, b.name, persona.embedded === true && persona.family === 'alpine'))
    .map((b) => (persona.family === 'alpine' && ALPINE_PATHS[b.name] !== undefined ? { name: b.name, path: ALPINE_PATHS[b.name] ?? b.path } : b));
}
