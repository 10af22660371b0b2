// The stack personality table: per stack profile (protocol's STACK_PROFILES: an OS family, a Linux era,
// a printer), the nmap OS-detection answers a decky must give and the knobs that produce them on a
// Linux netns. Each row reproduces one published fingerprint of nmap-os-db (Debian nmap 7.93), quoted.
import { STACK_PROFILES, type OsFamily, type StackProfileId } from '@decnet/protocol';
import { LINUX_ROWS } from './rows-linux';
import { OTHER_ROWS } from './rows-other';

/** TCP option order of the SYN-ACK (see layoutTokens in rewrite.ts). */
export type OptionLayout = 'kernel' | 'windows' | 'bsd' | 'hp';

export interface StackPersonality {
  profile: StackProfileId;
  family: OsFamily;
  /** Where the row comes from: the fingerprint's name in nmap-os-db. */
  source: string;
  /** The fingerprint's test lines this row reproduces (verbatim from nmap-os-db). */
  print: readonly string[];
  layout: OptionLayout;
  /**
   * SYN-ACK window (nmap WIN/W1-W6 and ECN W): a fixed value, or a multiple of the announced MSS less
   * the timestamp option (older Linux: 10 or 20 segments); undefined keeps the kernel's. Never above
   * the kernel's own window, so the connection's state never disagrees with it.
   */
  synAckWindow?: number | { mssMultiple: number };
  /** SYN-ACK window when the peer offered no window scale (Windows 10 1709+: W6=FF70). */
  synAckWindowUnscaled?: number;
  /** 'min-peer': the SYN-ACK's MSS is min(own, the SYN's MSS or 536), as BSD and IOS answer. */
  mss: 'kernel' | 'min-peer';
  /** A lower MSS than the kernel's to announce (a printer's odd 1398). */
  mssCap?: number;
  /** IP ID of SYN-ACKs (and RSTs unless rstIpId): 'shared' is one +1 counter with ICMP (TI=I, CI=I, II=I, SS=S); 'random' is TI=RD. */
  tcpIpId: 'kernel' | 'shared' | 'zero' | 'random';
  /** IP ID of RSTs (nmap CI) when it differs from the SYN-ACKs' (Linux 3.10: TI=Z, CI=I). */
  rstIpId?: 'kernel' | 'shared' | 'zero' | 'random';
  icmpIpId: 'kernel' | 'shared' | 'random-incremental';
  /** DF on SYN-ACKs and RSTs; undefined keeps the kernel's. */
  tcpDf?: boolean;
  /** A RST without ACK (T4, T6) carries a non-zero acknowledgment field (nmap A=O). */
  bareRstAckNonZero: boolean;
  /**
   * RST|ACK answers to a SYN or FIN|PSH|URG probe take their sequence number from the probe's
   * acknowledgment field (T5/T7 S=A), and a FIN probe's is acknowledged without counting the FIN (T7 A=S).
   */
  rstFromProbe?: boolean;
  /**
   * Probes Linux ignores and this OS answers with a RST|ACK as from a closed port (Windows T2: no flags,
   * T3: SYN|FIN|PSH|URG, to an open port): the rewriter points them at port 0, where the kernel
   * answers exactly that, and gives the answer the probed port back.
   */
  answerT2T3?: boolean;
  /**
   * Timestamp clock of SYN-ACKs in Hz (nmap SEQ TS: 1000 -> A, 2 -> 1), offset per peer (rewrite.ts
   * TimestampClock); needs tcp_timestamps=2 and tcp_syncookies=0. Undefined keeps the kernel's.
   */
  tsHz?: number;
  /** Answers the kernel gives and this OS does not (R=N): dropped by the netns rules. */
  drop: { bareRst: boolean; finPshUrg: boolean; echoRequest: boolean };
  /** Echo reply code (IE CD=Z: always 0; kernel echoes the request's) and DF (DFI=S: the request's). */
  echoCodeZero: boolean;
  echoDfMirror: boolean;
  /** ICMP port unreachable quotes only this many bytes past the quoted IP header (U1 IPL=38 -> 8). */
  unreachQuoteBytes?: number;
  /** The quoted header as some stacks return it: IP ID byte-swapped (RID=4210), IP and UDP checksums zero (RIPCK=Z, RUCK=0). */
  unreachQuoteMangle?: { swapId: boolean; zeroIpChecksum: boolean; zeroUdpChecksum: boolean };
  /**
   * `window` metric on the netns routes: caps the window scale the kernel announces (ilog2(clamp) - 15)
   * where the host-wide net.core.rmem_max would otherwise raise it (W0 for a printer, W6 for FreeBSD).
   */
  routeWindow?: number;
  /** Netns sysctls that make the kernel's own choices match (window scale via tcp_rmem, ECN). */
  sysctls: Readonly<Record<string, string>>;
}

/** Every profile has its row (a compile error otherwise), and the row's family is the profile's. */
export const STACK_PERSONALITIES: Readonly<Record<StackProfileId, StackPersonality>> = { ...OTHER_ROWS, ...LINUX_ROWS };

export function personalityFor(profile: StackProfileId): StackPersonality {
  return STACK_PERSONALITIES[profile];
}

/** The row's sysctls plus the profile's initial TTL (the base container's may be its family's). */
export function netnsSysctls(p: StackPersonality): Record<string, string> {
  return { 'net.ipv4.ip_default_ttl': String(STACK_PROFILES[p.profile].ttl), ...p.sysctls };
}

/** Whether the relay must also see the peer's SYNs and echo requests (to echo their MSS or DF). */
export function needsIngress(p: StackPersonality): boolean {
  return p.mss === 'min-peer' || p.echoDfMirror || p.rstFromProbe === true;
}

