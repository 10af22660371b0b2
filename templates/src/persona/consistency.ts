// Cross-layer consistency of one persona (detectability D3/D5): what each layer shows (TTL, MAC vendor,
// service banners, the shell's uname and os-release, nmap's OS guess) must fit the OS it claims. Used
// by the persona table test (strings from the record) and by the self-test (strings seen on the wire).
import type { OsFamily } from '@decnet/protocol';
import { linuxGuessFitsKernel, sysctlsFor } from '@decnet/protocol';
import { ouisOf, type NicClass } from './mac';

export type OsKind = 'linux' | 'windows' | 'bsd' | 'cisco' | 'embedded';

export interface PersonaClaim {
  osFamily: OsFamily;
  archetype?: string;
  /** Distro slug (debian, ubuntu22, rocky9 ...); the Linux userland behind the persona. */
  distro?: string;
  /** The TTL its stack profile starts at (a Linux-userland IoT device: 64); default: the family's. */
  ttl?: number;
  /** `uname -r` when its stack is a Linux kernel's: nmap's Linux guess must name that era. */
  kernelRelease?: string;
}

/** One string an attacker can see, and where (e.g. `ssh banner`, `http Server`). */
export interface LayerText {
  layer: string;
  text: string;
}

export interface Observations {
  /** IP TTL of the decky's replies (or the configured default). */
  ttl?: number;
  mac?: string;
  /** `uname -a` of the shell, when a login reaches one. */
  uname?: string;
  /** PRETTY_NAME of /etc/os-release, when a login reaches a shell. */
  osRelease?: string;
  /** nmap -O's first guess or -sV's "Service Info: OS", when nmap ran. */
  nmapOs?: string;
  layers: LayerText[];
}

export interface Contradiction {
  layer: string;
  /** What an attacker sees (bounded). */
  seen: string;
  /** What the claimed persona would show. */
  expected: string;
}

// Order matters: the first kind whose marker a text carries is its kind ("Linux" appears in Windows
// nowhere, but "Windows" appears in Samba's native OS, which is why that field is not a layer).
const KIND_MARKERS: ReadonlyArray<[OsKind, RegExp]> = [
  ['windows', /Microsoft|Windows|IIS\/|OpenSSH_for_Windows/i],
  ['bsd', /FreeBSD|OpenBSD|NetBSD/],
  ['cisco', /Cisco|cisco-IOS|IOS-FTP|User Access Verification/],
  ['embedded', /BusyBox|JetDirect|HP HTTP Server|LaserJet|HP ETHERNET|debut\/|Brother|SIMATIC|Siemens|FTP print service/],
  ['linux', /Linux|Ubuntu|Debian|deb\d\d|Rocky|CentOS|Fedora|Alpine|Kali|\.el\d|Raspbian|-raspi|-rpi/],
];

const ALLOWED: Readonly<Record<OsFamily, readonly OsKind[]>> = {
  linux: ['linux'],
  embedded: ['embedded', 'linux'],
  windows: ['windows'],
  windows_server: ['windows'],
  bsd: ['bsd'],
  cisco: ['cisco'],
};

const DISTRO_MARKERS: ReadonlyArray<[string, RegExp]> = [
  ['ubuntu', /Ubuntu|ubuntu\d/],
  ['kali', /Kali/],
  ['rocky', /Rocky|\.el9/],
  ['centos', /CentOS|\.el7/],
  ['fedora', /Fedora|\.fc\d\d/],
  ['alpine', /Alpine/],
  ['debian', /Debian|deb\d\d/],
];

/** The distro slug's family name as the markers spell it. */
function distroName(slug: string): string {
  if (slug.startsWith('ubuntu')) return 'ubuntu';
  if (slug === 'rocky9') return 'rocky';
  if (slug === 'centos7') return 'centos';
  if (slug === 'arch') return 'debian';
  return slug;
}

export function osKindOf(text: string): OsKind | undefined {
  return KIND_MARKERS.find(([, re]) => re.test(text))?.[0];
}

export function distroOf(text: string): string | undefined {
  return DISTRO_MARKERS.find(([, re]) => re.test(text))?.[0];
}

const bound = (s: string): string => s.replace(/[\r\n]+/g, ' ').slice(0, 200);

/** Debian's own packages (OpenSSH "Debian-…", ProFTPD "(Debian)") also ship on Ubuntu and Kali. */
function distroFits(claimed: string, seen: string): boolean {
  return seen === claimed || (seen === 'debian' && (claimed === 'ubuntu' || claimed === 'kali'));
}

function nicClassOf(mac: string): NicClass | undefined {
  const oui = mac.toLowerCase().slice(0, 8);
  const classes: NicClass[] = ['vmware', 'qemu', 'hyperv', 'xen', 'server', 'workstation', 'hp-printer', 'brother-printer', 'rpi', 'siemens', 'cisco'];
  return classes.find((c) => ouisOf(c).includes(oui));
}

function macContradiction(claim: PersonaClaim, mac: string): string | undefined {
  const nic = nicClassOf(mac);
  const printerNic = nic === 'hp-printer' || nic === 'brother-printer';
  if (claim.archetype === 'printer' && !printerNic) return 'a printer vendor OUI (HP, Brother)';
  if (printerNic && claim.archetype !== 'printer') return `no printer OUI on a ${claim.archetype ?? claim.osFamily} persona`;
  if (nic === 'cisco' && claim.osFamily !== 'cisco') return `no Cisco OUI on a ${claim.osFamily} persona`;
  if (claim.osFamily === 'cisco' && nic !== 'cisco') return 'a Cisco OUI';
  if (nic === 'siemens' && claim.archetype !== 'industrial-control') return 'no Siemens OUI outside an industrial controller';
  if (nic === 'rpi' && !ALLOWED[claim.osFamily].includes('linux')) return `no Raspberry Pi OUI on a ${claim.osFamily} persona`;
  return undefined;
}

/** Every contradiction between the claimed persona and what the layers show; empty when they agree. */
export function personaContradictions(claim: PersonaClaim, obs: Observations): Contradiction[] {
  const out: Contradiction[] = [];
  const allowed = ALLOWED[claim.osFamily];
  const family = claim.osFamily;
  const linuxUserland = allowed.includes('linux');
  const distro = claim.distro ? distroName(claim.distro) : undefined;
  const checkText = (layer: string, text: string): void => {
    const kind = osKindOf(text);
    if (kind && !allowed.includes(kind)) {
      out.push({ layer, seen: bound(text), expected: `a ${family} ${layer} (shows ${kind})` });
      return;
    }
    if (family === 'windows' && /Windows Server|Server 20\d\d/.test(text)) out.push({ layer, seen: bound(text), expected: 'a Windows client edition, not Windows Server' });
    if (family === 'windows_server' && /Windows (?:XP|7|8|10|11)\b/.test(text)) out.push({ layer, seen: bound(text), expected: 'a Windows Server edition' });
    const seenDistro = linuxUserland && distro ? distroOf(text) : undefined;
    if (seenDistro && distro && !distroFits(distro, seenDistro)) out.push({ layer, seen: bound(text), expected: `the ${distro} build (shows ${seenDistro})` });
  };
  for (const l of obs.layers) checkText(l.layer, l.text);

  if (obs.uname !== undefined) {
    if (!linuxUserland) out.push({ layer: 'shell uname -a', seen: bound(obs.uname), expected: `no Linux shell on a ${family} persona` });
    else checkText('shell uname -a', obs.uname);
  }
  if (obs.osRelease !== undefined) checkText('shell /etc/os-release', obs.osRelease);
  if (obs.nmapOs !== undefined) {
    const kind = osKindOf(obs.nmapOs);
    if (kind && !allowed.includes(kind)) out.push({ layer: 'nmap OS guess', seen: bound(obs.nmapOs), expected: `${family} (nmap says ${kind})` });
    else if (kind === 'linux' && claim.kernelRelease && linuxGuessFitsKernel(obs.nmapOs, claim.kernelRelease) === false) {
      out.push({ layer: 'nmap OS guess', seen: bound(obs.nmapOs), expected: `a Linux kernel of the persona's era (${bound(claim.kernelRelease)})` });
    }
  }
  if (obs.ttl !== undefined) {
    const want = claim.ttl ?? Number(sysctlsFor(family)['net.ipv4.ip_default_ttl']);
    if (obs.ttl !== want && obs.ttl !== want - 1) out.push({ layer: 'IP TTL', seen: String(obs.ttl), expected: `${want} for ${family}` });
    // A Linux kernel (the shell's uname) starts every packet at TTL 64 unless someone tuned it.
    if (obs.uname?.startsWith('Linux ') && obs.ttl > 64) out.push({ layer: 'IP TTL vs uname', seen: `TTL ${obs.ttl} with ${bound(obs.uname).slice(0, 60)}`, expected: 'TTL 64 from a Linux kernel' });
  }
  if (obs.mac) {
    const why = macContradiction(claim, obs.mac);
    if (why) out.push({ layer: 'MAC vendor', seen: obs.mac, expected: why });
  }
  return out;
}
