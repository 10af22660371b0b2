// The tftp persona part: which TFTP server the persona runs (tftpd-hpa on Linux, Cisco IOS's
// tftp-server, a Brother printer's, Windows Deployment Services), how it words its errors, and the
// files its root holds (bait.ts), seeded per decky; and the in.tftpd line in `ps`.
import type { ShellProcessSeed } from '../_shell/persona';
import { configValue, type PersonaBasis } from '../service';
import { iosConfig, pxeFiles } from './bait';

export type TftpFlavor = 'tftpd-hpa' | 'cisco' | 'brother' | 'wds';

export interface TftpPersona {
  flavor: TftpFlavor;
  /** Error 1 text (RFC 1350 §5 code 1). */
  notFound: string;
  /** Error 2 text. */
  accessViolation: string;
  /**
   * Answer to an opcode that is not a request: undefined = silence (tftpd-hpa's main loop ignores it),
   * else the ERROR 4 text the device sends (nmap names Cisco, Brother and WDS by it).
   */
  illegalOp?: string;
  /** Path (relative to the TFTP root, '/' separated) -> content. */
  files: Record<string, string>;
}

export function tftpPersona(b: PersonaBasis): TftpPersona {
  const rng = b.rng('tftp');
  const community = configValue(b, 'snmp', 'community')?.split(',')[0]?.trim() || `${b.domain.split('.')[0]}-ro${rng.int(1, 9)}`;
  if (b.foreign === 'cisco') {
    return { flavor: 'cisco', notFound: 'File not found', accessViolation: 'Access violation', illegalOp: 'Illegal operation', files: { [`${b.hostname}-confg`]: iosConfig(b, rng, b.hostname, b.ip, community) } };
  }
  if (b.windows) return { flavor: 'wds', notFound: 'File not found', accessViolation: 'Access violation', illegalOp: 'Illegal operation error.', files: {} };
  if (b.printer === 'brother') return { flavor: 'brother', notFound: 'File not found', accessViolation: 'Access violation', illegalOp: 'illegal (unrecognized) tftp operation', files: {} };
  const base = { flavor: 'tftpd-hpa' as const, notFound: 'File not found', accessViolation: 'Access violation' };
  if (b.osFamily === 'embedded') return { ...base, files: {} };
  const prefix = b.ip.split('.').slice(0, 3).join('.');
  // A monitoring node is where switch configs get archived (RANCID/Oxidized push them over TFTP).
  const configs: Record<string, string> = {};
  if (b.archetype === 'monitoring-node' || rng.chance(0.3)) {
    for (const role of ['core-sw01', 'access-sw02', rng.pick(['edge-rtr01', 'dist-sw01'])]) {
      const device = `${b.domain.split('.')[0]}-${role}`;
      configs[`${device}-confg`] = iosConfig(b, rng, device, `${prefix}.${rng.int(2, 9)}`, community);
    }
  }
  return { ...base, files: { ...pxeFiles(b, rng), ...configs } };
}

export function tftpProcesses(b: PersonaBasis): ShellProcessSeed[] {
  if (b.foreign || b.osFamily === 'embedded') return [];
  // Debian's tftpd-hpa default (/etc/default/tftpd-hpa); RHEL's tftp-server runs from a socket unit.
  return b.release.family === 'rhel' ? [{ user: 'root', command: '/usr/sbin/in.tftpd -s /var/lib/tftpboot' }] : [{ user: 'root', command: '/usr/sbin/in.tftpd --listen --user tftp --address :69 --secure /srv/tftp' }];
}
