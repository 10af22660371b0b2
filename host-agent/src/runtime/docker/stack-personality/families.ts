// The stack personality table: per OS family, the nmap OS-detection answers a decky must give and the
// knobs that produce them on a Linux netns. Each row reproduces one published fingerprint of nmap's
// database (nmap-os-db of Debian's nmap 7.93, /usr/share/nmap/nmap-os-db), quoted in `print`.
import type { OsFamily } from '@decnet/protocol';

/** TCP option order of the SYN-ACK (see layoutTokens in rewrite.ts). */
export type OptionLayout = 'kernel' | 'windows' | 'bsd';

export interface StackPersonality {
  family: OsFamily;
  /** Where the row comes from: the fingerprint's name in nmap-os-db. */
  source: string;
  /** The fingerprint's test lines this row reproduces (verbatim from nmap-os-db). */
  print: readonly string[];
  layout: OptionLayout;
  /** SYN-ACK window (nmap WIN/W1-W6 and ECN W); undefined keeps the kernel's. */
  synAckWindow?: number;
  /** 'min-peer': the SYN-ACK's MSS is min(own, the SYN's MSS or 536), as BSD and IOS answer. */
  mss: 'kernel' | 'min-peer';
  /** IP ID of SYN-ACKs and RSTs: 'shared' is one +1 counter with ICMP (TI=I, CI=I, II=I, SS=S); 'random' is TI=RD. */
  tcpIpId: 'kernel' | 'shared' | 'zero' | 'random';
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
  /** Answers the kernel gives and this OS does not (R=N): dropped by the netns rules. */
  drop: { bareRst: boolean; finPshUrg: boolean; echoRequest: boolean };
  /** Echo reply code (IE CD=Z: always 0; kernel echoes the request's) and DF (DFI=S: the request's). */
  echoCodeZero: boolean;
  echoDfMirror: boolean;
  /** ICMP port unreachable quotes only this many bytes past the quoted IP header (U1 IPL=38 -> 8). */
  unreachQuoteBytes?: number;
  /** Netns sysctls that make the kernel's own choices match (window scale via tcp_rmem, ECN). */
  sysctls: Readonly<Record<string, string>>;
}

// Window scale = ilog2(max(tcp_rmem[2], net.core.rmem_max)) - 15 (tcp_select_initial_window); rmem_max
// is host-wide, so a host with a larger one gets a larger scale (e.g. 4 MiB: at least 7).
// tcp_timestamps=2: timestamps without the per-connection random offset, a 1 kHz clock (nmap TS=A).
const RMEM_WSCALE_8 = '4096 131072 12582912';
const RMEM_WSCALE_6 = '4096 131072 3000000';

const WINDOWS_10: StackPersonality = {
  family: 'windows',
  source: 'nmap-os-db: Fingerprint Microsoft Windows 10 1607 (OS Build 14393.321)',
  print: [
    'SEQ(SP=FE-108%GCD=1-6%ISR=100-10A%TI=I%CI=I%II=I%SS=S%TS=A)',
    'OPS(O1=M5B4NW8ST11%O2=M5B4NW8ST11%O3=M5B4NW8NNT11%O4=M5B4NW8ST11%O5=M5B4NW8ST11%O6=M5B4ST11)',
    'WIN(W1=2000%W2=2000%W3=2000%W4=2000%W5=2000%W6=2000)',
    'ECN(R=Y%DF=Y%T=7B-85%TG=80%W=2000%O=M5B4NW8NNS%CC=N%Q=)',
    'T4(R=Y%DF=Y%T=7B-85%TG=80%W=0%S=A%A=O%F=R%O=%RD=0%Q=)',
    'T7(R=Y%DF=Y%T=7B-85%TG=80%W=0%S=Z%A=S+%F=AR%O=%RD=0%Q=)',
    'IE(DFI=N%T=7B-85%TG=80%CD=Z)',
  ],
  layout: 'windows',
  synAckWindow: 0x2000,
  mss: 'kernel',
  tcpIpId: 'shared',
  icmpIpId: 'shared',
  tcpDf: true,
  bareRstAckNonZero: true,
  drop: { bareRst: false, finPshUrg: false, echoRequest: false },
  echoCodeZero: true,
  echoDfMirror: false,
  sysctls: { 'net.ipv4.tcp_rmem': RMEM_WSCALE_8, 'net.ipv4.tcp_ecn': '0', 'net.ipv4.tcp_timestamps': '2', 'net.ipv4.tcp_sack': '1', 'net.ipv4.tcp_window_scaling': '1' },
};

const WINDOWS_SERVER_2016: StackPersonality = {
  ...WINDOWS_10,
  family: 'windows_server',
  source: 'nmap-os-db: Fingerprint Microsoft Windows Server 2016 (Version 1607, OS Build 1493.576)',
  print: [
    'SEQ(SP=FE-108%GCD=1-6%ISR=103-10D%TI=I%CI=I%TS=A)',
    'OPS(O1=M5B4NW8ST11%O2=M5B4NW8ST11%O3=M5B4NW8NNT11%O4=M5B4NW8ST11%O5=M5B4NW8ST11%O6=M5B4ST11)',
    'WIN(W1=2000%W2=2000%W3=2000%W4=2000%W5=2000%W6=2000)',
    'ECN(R=Y%DF=Y%T=7B-85%TG=80%W=2000%O=M5B4NW8NNS%CC=Y%Q=)',
    'T2(R=N) T3(R=N) T7(R=N) IE(R=N)',
    'T4(R=Y%DF=Y%T=7B-85%TG=80%W=0%S=A%A=O%F=R%O=%RD=0%Q=)',
  ],
  drop: { bareRst: false, finPshUrg: true, echoRequest: true },
  sysctls: { ...WINDOWS_10.sysctls, 'net.ipv4.tcp_ecn': '1' },
};

const FREEBSD_11: StackPersonality = {
  family: 'bsd',
  source: 'nmap-os-db: Fingerprint FreeBSD 11.0-RELEASE',
  print: [
    'SEQ(SP=103-10D%GCD=1-6%ISR=105-10F%TI=Z%CI=Z%II=RI%TS=21)',
    'OPS(O1=M5B4NW6ST11%O2=M578NW6ST11%O3=M280NW6NNT11%O4=M218NW6ST11%O5=M218NW6ST11%O6=M109ST11)',
    'WIN(W1=FFFF%W2=FFFF%W3=FFFF%W4=FFFF%W5=FFFF%W6=FFFF)',
    'ECN(R=Y%DF=Y%T=3B-45%TG=40%W=FFFF%O=M5B4NW6SLL%CC=Y%Q=)',
    'T7(R=N)',
    'U1(DF=N%T=3B-45%TG=40%IPL=38%UN=0%RIPL=G%RID=G%RIPCK=G%RUCK=G%RUD=G)',
    'IE(DFI=S%T=3B-45%TG=40%CD=S)',
  ],
  layout: 'bsd',
  synAckWindow: 0xffff,
  mss: 'min-peer',
  tcpIpId: 'zero',
  icmpIpId: 'random-incremental',
  tcpDf: true,
  bareRstAckNonZero: false,
  drop: { bareRst: false, finPshUrg: true, echoRequest: false },
  echoCodeZero: false,
  echoDfMirror: true,
  unreachQuoteBytes: 8,
  sysctls: { 'net.ipv4.tcp_rmem': RMEM_WSCALE_6, 'net.ipv4.tcp_ecn': '2', 'net.ipv4.tcp_timestamps': '1', 'net.ipv4.tcp_sack': '1', 'net.ipv4.tcp_window_scaling': '1' },
};

/** A small-footprint embedded stack (no timestamps, window scaling or SACK; TTL 255). */
const EMBEDDED_MODEM: StackPersonality = {
  family: 'embedded',
  source: 'nmap-os-db: Fingerprint Motorola 2210-02 ADSL modem (Class Motorola | embedded || broadband router)',
  print: [
    'SEQ(SP=FB-105%GCD=1-6%ISR=10A-114%TI=I%II=I%SS=S%TS=U)',
    'OPS(O1=M5B4%O2=M5B4%O3=M5B4%O4=M5B4%O5=M5B4%O6=M5B4)',
    'WIN(W1=800%W2=800%W3=800%W4=800%W5=800%W6=800)',
    'ECN(R=Y%DF=N%T=FA-104%TG=FF%W=800%O=M5B4%CC=N%Q=)',
    'T4(R=N) T6(R=N) T7(R=N)',
    'U1(DF=N%T=FA-104%TG=FF%IPL=38%UN=0%RIPL=G%RID=G%RIPCK=G%RUCK=G%RUD=G)',
    'IE(DFI=N%T=FA-104%TG=FF%CD=S)',
  ],
  layout: 'kernel',
  synAckWindow: 0x800,
  mss: 'kernel',
  tcpIpId: 'shared',
  icmpIpId: 'shared',
  tcpDf: false,
  bareRstAckNonZero: false,
  drop: { bareRst: true, finPshUrg: true, echoRequest: false },
  echoCodeZero: false,
  echoDfMirror: false,
  unreachQuoteBytes: 8,
  sysctls: { 'net.ipv4.tcp_timestamps': '0', 'net.ipv4.tcp_sack': '0', 'net.ipv4.tcp_window_scaling': '0', 'net.ipv4.tcp_ecn': '0', 'net.ipv4.ip_no_pmtu_disc': '1' },
};

const CISCO_IOS_15: StackPersonality = {
  family: 'cisco',
  source: 'nmap-os-db: Fingerprint Cisco IOS 15 (Class Cisco | IOS | 15.X | router)',
  print: [
    'SEQ(SP=F4-FE%GCD=1-6%ISR=F5-FF%TI=RD%CI=RD%II=RI%TS=U)',
    'OPS(O1=M5B4%O2=M578%O3=M280%O4=M218%O5=M218%O6=M109)',
    'WIN(W1=1020%W2=1020%W3=1020%W4=1020%W5=1020%W6=1020)',
    'ECN(R=Y%DF=N%T=FB-105%TG=FF%W=1020%O=M5B4%CC=N%Q=)',
    'T5(R=Y%DF=N%T=FB-105%TG=FF%W=0%S=A%A=S+%F=AR%O=%RD=0%Q=)',
    'T7(R=Y%DF=N%T=FB-105%TG=FF%W=0%S=A%A=S%F=AR%O=%RD=0%Q=)',
    'U1(DF=N%T=FB-105%TG=FF%IPL=38%UN=0%RIPL=G%RID=G%RIPCK=G%RUCK=G%RUD=G)',
    'IE(DFI=S%T=FB-105%TG=FF%CD=S)',
  ],
  layout: 'kernel',
  synAckWindow: 0x1020,
  mss: 'min-peer',
  tcpIpId: 'random',
  icmpIpId: 'random-incremental',
  tcpDf: false,
  bareRstAckNonZero: false,
  rstFromProbe: true,
  drop: { bareRst: false, finPshUrg: false, echoRequest: false },
  echoCodeZero: false,
  echoDfMirror: true,
  unreachQuoteBytes: 8,
  sysctls: { 'net.ipv4.tcp_timestamps': '0', 'net.ipv4.tcp_sack': '0', 'net.ipv4.tcp_window_scaling': '0', 'net.ipv4.tcp_ecn': '0', 'net.ipv4.ip_no_pmtu_disc': '1' },
};

/**
 * Families without a row answer with the host kernel: Linux personas (nmap names the kernel's era;
 * nmap 7.93's database ends at Linux 5.x).
 */
export const STACK_PERSONALITIES: Readonly<Partial<Record<OsFamily, StackPersonality>>> = {
  windows: WINDOWS_10,
  windows_server: WINDOWS_SERVER_2016,
  bsd: FREEBSD_11,
  embedded: EMBEDDED_MODEM,
  cisco: CISCO_IOS_15,
};

export function personalityFor(family: OsFamily): StackPersonality | undefined {
  return STACK_PERSONALITIES[family];
}

/** Whether the relay must also see the peer's SYNs and echo requests (to echo their MSS or DF). */
export function needsIngress(p: StackPersonality): boolean {
  return p.mss === 'min-peer' || p.echoDfMirror || p.rstFromProbe === true;
}
