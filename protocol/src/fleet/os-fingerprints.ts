// OS fingerprint profiles (inventory §2.3, decnet/os_fingerprint.py): netns-scoped sysctls set
// on each decky's base container so TTL, SYN retries and TCP options look like the claimed OS.
import { STACK_PROFILES } from './stack-profiles';

export * from './stack-profiles';

export const OS_FAMILIES = ['linux', 'windows', 'windows_server', 'bsd', 'embedded', 'cisco'] as const;
export type OsFamily = (typeof OS_FAMILIES)[number];

export const DEFAULT_OS_FAMILY: OsFamily = 'linux';

export const SYSCTL_KEYS = [
  'net.ipv4.ip_default_ttl',
  'net.ipv4.tcp_syn_retries',
  'net.ipv4.tcp_timestamps',
  'net.ipv4.tcp_window_scaling',
  'net.ipv4.tcp_sack',
  'net.ipv4.tcp_ecn',
  'net.ipv4.ip_no_pmtu_disc',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.icmp_ratelimit',
  'net.ipv4.icmp_ratemask',
] as const;
export type SysctlKey = (typeof SYSCTL_KEYS)[number];

type Row = [ttl: number, synRetries: number, ts: number, wscale: number, sack: number, ecn: number,
  noPmtu: number, finTimeout: number, icmpRatelimit: number, icmpRatemask: number];

// Columns in SYSCTL_KEYS order; values from the inventory table.
const ROWS: Record<OsFamily, Row> = {
  linux: [64, 6, 1, 1, 1, 2, 0, 60, 1000, 6168],
  windows: [128, 2, 1, 1, 1, 0, 0, 30, 0, 0],
  windows_server: [128, 2, 1, 1, 1, 1, 0, 30, 0, 0],
  bsd: [64, 6, 1, 1, 1, 0, 0, 60, 250, 6168],
  embedded: [255, 3, 0, 0, 0, 0, 1, 15, 0, 0],
  cisco: [255, 2, 0, 0, 0, 0, 1, 15, 0, 0],
};

function toSysctls(row: Row): Record<SysctlKey, string> {
  return Object.fromEntries(SYSCTL_KEYS.map((k, i) => [k, String(row[i])])) as Record<SysctlKey, string>;
}

/** Family -> sysctl key -> value, ready for a compose/dockerode `Sysctls` map. */
export const OS_FINGERPRINTS: Readonly<Record<OsFamily, Readonly<Record<SysctlKey, string>>>> =
  Object.fromEntries(OS_FAMILIES.map((f) => [f, toSysctls(ROWS[f])])) as Record<OsFamily, Record<SysctlKey, string>>;

/**
 * Families whose replies the stack personality (NFQUEUE "cloak", DECNET 1.2.1's plan) shapes on top of
 * the sysctls: derived from the stack profiles, so the two cannot disagree.
 */
export const CLOAKED_OS_FAMILIES: readonly OsFamily[] = OS_FAMILIES.filter((f) => Object.values(STACK_PROFILES).some((p) => p.family === f));

export function isOsFamily(s: string): s is OsFamily {
  return (OS_FAMILIES as readonly string[]).includes(s);
}

export function sysctlsFor(family: OsFamily): Record<SysctlKey, string> {
  return { ...OS_FINGERPRINTS[family] };
}
