// The stack personality rows of the non-Linux profiles (Windows, FreeBSD, Cisco IOS, embedded devices,
// printers), each reproducing one nmap-os-db fingerprint (Debian nmap 7.93), quoted in `print`.
import type { StackPersonality } from './families';

// Window scale = ilog2(max(tcp_rmem[2], net.core.rmem_max)) - 15 (tcp_select_initial_window); rmem_max
// is host-wide, so a host with a larger one gets a larger scale (e.g. 4 MiB: at least 7).
// tcp_timestamps=2: timestamps without the per-connection random offset, a 1 kHz clock (nmap TS=A).
const RMEM_WSCALE_8 = '4096 131072 12582912';
const RMEM_WSCALE_6 = '4096 131072 3000000';

const WINDOWS_10: StackPersonality = {
  profile: 'windows-10-1607',
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
  tsHz: 1000,
  sysctls: { 'net.ipv4.tcp_rmem': RMEM_WSCALE_8, 'net.ipv4.tcp_ecn': '0', 'net.ipv4.tcp_timestamps': '2', 'net.ipv4.tcp_sack': '1', 'net.ipv4.tcp_window_scaling': '1', 'net.ipv4.tcp_syncookies': '0' },
};

const WINDOWS_SERVER_2016: StackPersonality = {
  ...WINDOWS_10,
  profile: 'windows-server-2016',
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

/**
 * Windows 10 1709 and later (and Windows 11): no TCP timestamps, a 64 KiB window, and RST|ACK answers
 * to the null (T2) and SYN|FIN|PSH|URG (T3) probes that Linux ignores (answerT2T3).
 */
const WINDOWS_10_1709: StackPersonality = {
  ...WINDOWS_10,
  profile: 'windows-10-1709',
  source: 'nmap-os-db: Fingerprint Microsoft Windows 10 1709 - 1909',
  print: [
    'SEQ(SP=102-10C%GCD=1-6%ISR=107-111%TI=I%CI=I%II=I%SS=S%TS=U)',
    'OPS(O1=M5B4NW8NNS%O2=M5B4NW8NNS%O3=M5B4NW8%O4=M5B4NW8NNS%O5=M5B4NW8NNS%O6=M5B4NNS)',
    'WIN(W1=FFFF%W2=FFFF%W3=FFFF%W4=FFFF%W5=FFFF%W6=FF70)',
    'ECN(R=Y%DF=Y%T=7B-85%TG=80%W=FFFF%O=M5B4NW8NNS%CC=N%Q=)',
    'T2(R=Y%DF=Y%T=7B-85%TG=80%W=0%S=Z%A=S%F=AR%O=%RD=0%Q=)',
    'T3(R=Y%DF=Y%T=7B-85%TG=80%W=0%S=Z%A=O%F=AR%O=%RD=0%Q=)',
    'T4(R=Y%DF=Y%T=7B-85%TG=80%W=0%S=A%A=O%F=R%O=%RD=0%Q=)',
    'IE(DFI=N%T=7B-85%TG=80%CD=Z)',
  ],
  synAckWindow: 0xffff,
  synAckWindowUnscaled: 0xff70,
  answerT2T3: true,
  sysctls: { ...WINDOWS_10.sysctls, 'net.ipv4.tcp_timestamps': '0' },
};

const FREEBSD_11: StackPersonality = {
  profile: 'freebsd-11',
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
  routeWindow: 0x3fffff,
  sysctls: { 'net.ipv4.tcp_rmem': RMEM_WSCALE_6, 'net.ipv4.tcp_ecn': '2', 'net.ipv4.tcp_timestamps': '1', 'net.ipv4.tcp_sack': '1', 'net.ipv4.tcp_window_scaling': '1' },
};

/** A small-footprint embedded stack (no timestamps, window scaling or SACK; TTL 255). */
const EMBEDDED_MODEM: StackPersonality = {
  profile: 'embedded-motorola-modem',
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
  profile: 'cisco-ios-15',
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

/** An HP LaserJet's JetDirect stack: timestamps without SACK, no window scaling (W0), TTL 64. */
const HP_LASERJET: StackPersonality = {
  profile: 'printer-hp-laserjet',
  family: 'embedded',
  source: 'nmap-os-db: Fingerprint HP LaserJet 2300N printer (Class HP | embedded || printer)',
  print: [
    'SEQ(SP=93-9D%GCD=1-6%ISR=9B-A5%TI=I%II=I%SS=S%TS=1)',
    'OPS(O1=M576NW0NNT11%O2=M576NW0NNT11%O3=M576NW0NNT11%O4=M576NW0NNT11%O5=M576NW0NNT11%O6=M576NNT11)',
    'WIN(W1=5B4%W2=5B4%W3=5B4%W4=5B4%W5=5B4%W6=5B4)',
    'ECN(R=Y%DF=N%T=3B-45%TG=40%W=5B4%O=M576NW0%CC=N%Q=)',
    'T4(R=N) T6(R=N) T7(R=N)',
    'T5(R=Y%DF=N%T=3B-45%TG=40%W=0%S=Z%A=S+%F=AR%O=%RD=0%Q=)',
    'U1(DF=N%T=3B-45%TG=40%IPL=38%UN=0%RIPL=G%RID=4210%RIPCK=Z%RUCK=0%RUD=G)',
    'IE(DFI=S%T=3B-45%TG=40%CD=S)',
  ],
  layout: 'hp',
  synAckWindow: 0x5b4,
  mss: 'kernel',
  mssCap: 0x576,
  tcpIpId: 'shared',
  icmpIpId: 'shared',
  tcpDf: false,
  bareRstAckNonZero: false,
  drop: { bareRst: true, finPshUrg: true, echoRequest: false },
  echoCodeZero: false,
  echoDfMirror: true,
  unreachQuoteBytes: 8,
  unreachQuoteMangle: { swapId: true, zeroIpChecksum: true, zeroUdpChecksum: true },
  // A 64 KiB window clamp: window scale 0, as the printer announces.
  routeWindow: 0xffff,
  tsHz: 2,
  // tcp_timestamps=2: one clock for every connection (no per-connection offsets) for tsHz to slow down.
  sysctls: { 'net.ipv4.tcp_timestamps': '2', 'net.ipv4.tcp_sack': '0', 'net.ipv4.tcp_window_scaling': '1', 'net.ipv4.tcp_ecn': '0', 'net.ipv4.ip_no_pmtu_disc': '1', 'net.ipv4.tcp_syncookies': '0' },
};

export const OTHER_ROWS = {
  'windows-10-1607': WINDOWS_10,
  'windows-10-1709': WINDOWS_10_1709,
  'windows-server-2016': WINDOWS_SERVER_2016,
  'freebsd-11': FREEBSD_11,
  'embedded-motorola-modem': EMBEDDED_MODEM,
  'cisco-ios-15': CISCO_IOS_15,
  'printer-hp-laserjet': HP_LASERJET,
} as const satisfies Record<string, StackPersonality>;
