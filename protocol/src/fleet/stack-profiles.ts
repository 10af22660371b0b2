// Stack profiles: which published nmap-os-db fingerprint a persona's TCP/IP stack answers with (the
// host agent's stack-personality table has one row per id), chosen from the persona's OS family,
// role and kernel; with the IP TTL that fingerprint starts at, which every layer must agree with.
import type { OsFamily } from './os-fingerprints';

export interface StackProfile {
  family: OsFamily;
  /** Initial IP TTL of the fingerprint (its TG). */
  ttl: number;
  /** The nmap-os-db `Fingerprint` line the row reproduces (Debian nmap 7.93). */
  nmapName: string;
  /** Linux rows: the oldest kernel (major, minor) the row stands for. */
  linuxFrom?: readonly [number, number];
}

export const STACK_PROFILES = {
  'windows-10-1607': { family: 'windows', ttl: 128, nmapName: 'Microsoft Windows 10 1607' },
  // nmap 7.93's newest Windows 10 row; Windows 11 answers alike (no timestamps, T2/T3 answered).
  'windows-10-1709': { family: 'windows', ttl: 128, nmapName: 'Microsoft Windows 10 1709 - 1909' },
  'windows-server-2016': { family: 'windows_server', ttl: 128, nmapName: 'Microsoft Windows Server 2016' },
  'freebsd-11': { family: 'bsd', ttl: 64, nmapName: 'FreeBSD 11.0-RELEASE' },
  'cisco-ios-15': { family: 'cisco', ttl: 255, nmapName: 'Cisco IOS 15' },
  'embedded-motorola-modem': { family: 'embedded', ttl: 255, nmapName: 'Motorola 2210-02 ADSL modem' },
  'printer-hp-laserjet': { family: 'embedded', ttl: 64, nmapName: 'HP LaserJet 2300N printer' },
  'linux-3.10': { family: 'linux', ttl: 64, nmapName: 'Linux 3.10', linuxFrom: [3, 0] },
  'linux-4.4': { family: 'linux', ttl: 64, nmapName: 'Linux 4.4', linuxFrom: [4, 0] },
  'linux-5.4': { family: 'linux', ttl: 64, nmapName: 'Linux 5.4', linuxFrom: [5, 0] },
  // nmap 7.93's newest Linux rows end at 5.6: 5.6+ and 6.x kernels answer like this one.
  'linux-5.6': { family: 'linux', ttl: 64, nmapName: 'Linux 4.15 - 5.6', linuxFrom: [5, 6] },
} as const satisfies Record<string, StackProfile>;

export type StackProfileId = keyof typeof STACK_PROFILES;
export const STACK_PROFILE_IDS = Object.keys(STACK_PROFILES) as StackProfileId[];

export interface StackProfileInput {
  osFamily: OsFamily;
  archetype?: string;
  /** Distro slug of the persona's userland (alpine, debian ...). */
  distro?: string;
  /** `uname -r` of the persona (e.g. 3.10.0-1160.el7.x86_64); picks the Linux era. */
  kernelRelease?: string;
  /** The Windows build a Windows persona announces (SMB, RDP); 16299 (1709) and later answer without timestamps. */
  windowsBuild?: number;
}

/**
 * An embedded persona on a BusyBox (Alpine) userland, a Raspberry Pi above all, is a Linux machine:
 * its shell says Linux, so its stack must be a Linux kernel's (TTL 64), not a TTL-255 RTOS's. Printers
 * and PLCs run their vendor's firmware whatever the userland (templates' persona derivation agrees).
 */
export function embeddedRunsLinux(archetype: string | undefined, distro: string | undefined): boolean {
  return archetype !== 'printer' && archetype !== 'industrial-control' && distro === 'alpine';
}

const LINUX_ROWS = (Object.entries(STACK_PROFILES) as Array<[StackProfileId, StackProfile]>)
  .filter(([, p]) => p.linuxFrom)
  .sort(([, a], [, b]) => b.linuxFrom![0] - a.linuxFrom![0] || b.linuxFrom![1] - a.linuxFrom![1]);

/** The Linux row of the newest era not after the kernel's (no kernel given: the newest row). */
export function linuxProfileFor(kernelRelease: string | undefined): StackProfileId {
  const m = /^(\d+)\.(\d+)/.exec(kernelRelease ?? '');
  if (!m) return LINUX_ROWS[0]![0];
  const [maj, min] = [Number(m[1]), Number(m[2])];
  const row = LINUX_ROWS.find(([, p]) => maj > p.linuxFrom![0] || (maj === p.linuxFrom![0] && min >= p.linuxFrom![1]));
  return (row ?? LINUX_ROWS[LINUX_ROWS.length - 1]!)[0];
}

/**
 * Whether an nmap guess ("Linux 4.15 - 5.6", "Linux 3.10") names the era of a kernel: the Linux row the
 * kernel gets lies between the rows of the guess's two ends. Undefined when the guess names no version.
 */
export function linuxGuessFitsKernel(guess: string, kernelRelease: string): boolean | undefined {
  const m = /\bLinux (\d+\.\d+)(?:\.\d+)*(?: - (\d+\.\d+))?/.exec(guess);
  if (!m) return undefined;
  const rank = (v: string): number => LINUX_ROWS.length - LINUX_ROWS.findIndex(([id]) => id === linuxProfileFor(v));
  const own = rank(kernelRelease);
  return own >= rank(m[1]!) && own <= rank(m[2] ?? m[1]!);
}

export function stackProfileFor(input: StackProfileInput): StackProfileId {
  switch (input.osFamily) {
    case 'windows':
      return (input.windowsBuild ?? 0) >= 16299 ? 'windows-10-1709' : 'windows-10-1607';
    case 'windows_server':
      return 'windows-server-2016';
    case 'bsd':
      return 'freebsd-11';
    case 'cisco':
      return 'cisco-ios-15';
    case 'embedded':
      // Every printer answers as an HP LaserJet: nmap's Brother rows answer probes a Linux netns cannot
      // (a window-0 ECN SYN-ACK without options, TTL 64 for TCP but 255 for ICMP), so a Brother printer
      // shows a printer of the wrong vendor rather than the embedded row's ADSL modem.
      if (input.archetype === 'printer') return 'printer-hp-laserjet';
      return embeddedRunsLinux(input.archetype, input.distro) ? linuxProfileFor(input.kernelRelease) : 'embedded-motorola-modem';
    case 'linux':
      return linuxProfileFor(input.kernelRelease);
  }
}

export function stackProfile(id: StackProfileId): StackProfile {
  return STACK_PROFILES[id];
}
