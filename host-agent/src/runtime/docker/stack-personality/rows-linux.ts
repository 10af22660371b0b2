// Linux rows by kernel era (protocol's linux-* stack profiles): the host's kernel answers, with the
// era's SYN-ACK window (older kernels announce 10 or 20 segments, 4.19+ the largest multiple under
// 64 KiB), window scale 7 (tcp_rmem), the era's IP ID classes and the probes its fingerprint ignores.
import type { StackPersonality } from './families';

// Window scale 7 = ilog2(6 MiB) - 15, what Debian/Ubuntu/RHEL kernels announce with the stock tcp_rmem
// (the host's own may be larger: 32 MiB gives W=A, which no distro kernel announces by default).
// Timestamps: a 6.x kernel offsets them per connection (nmap TS=22, random), which is what a 6.x persona
// should show; the older eras of nmap's database keep one clock per peer (TS=A): one kernel clock
// (tcp_timestamps=2) offset per peer by the rewriter (tsHz). Their data segments then carry the host's
// clock, shared by those deckies: a tell for an attacker comparing timestamps across hosts, not for nmap.
const LINUX_SYSCTLS = { 'net.ipv4.tcp_rmem': '4096 131072 6291456', 'net.ipv4.tcp_ecn': '2', 'net.ipv4.tcp_timestamps': '1', 'net.ipv4.tcp_sack': '1', 'net.ipv4.tcp_window_scaling': '1' };
const ONE_CLOCK = { ...LINUX_SYSCTLS, 'net.ipv4.tcp_timestamps': '2', 'net.ipv4.tcp_syncookies': '0' };

const LINUX_BASE = {
  family: 'linux',
  layout: 'kernel',
  mss: 'kernel',
  icmpIpId: 'kernel',
  bareRstAckNonZero: false,
  echoCodeZero: false,
  echoDfMirror: false,
  sysctls: LINUX_SYSCTLS,
} as const;

/** CentOS 7 (3.10.0-*.el7): 10-segment window, RSTs with an incrementing IP ID, FIN|PSH|URG ignored. */
const LINUX_3_10: StackPersonality = {
  ...LINUX_BASE,
  profile: 'linux-3.10',
  source: 'nmap-os-db: Fingerprint Linux 3.10 (submitted as "Linux 3.10.0-123.6.3.el7.x86_64", CentOS 7)',
  print: [
    'SEQ(SP=101-10B%GCD=1-6%ISR=103-10D%TI=Z%CI=I%TS=A)',
    'OPS(O1=M5B4ST11NW7%O2=M5B4ST11NW7%O3=M5B4NNT11NW7%O4=M5B4ST11NW7%O5=M5B4ST11NW7%O6=M5B4ST11)',
    'WIN(W1=3890%W2=3890%W3=3890%W4=3890%W5=3890%W6=3890)',
    'ECN(R=Y%DF=Y%T=3B-45%TG=40%W=3908%O=M5B4NNSNW7%CC=Y%Q=)',
    'T7(R=N)',
    'U1(DF=N%T=3B-45%TG=40%IPL=164%UN=0%RIPL=G%RID=G%RIPCK=G%RUCK=G%RUD=G)',
    'IE(DFI=N%T=3B-45%TG=40%CD=S)',
  ],
  synAckWindow: { mssMultiple: 10 },
  tsHz: 1000,
  sysctls: ONE_CLOCK,
  tcpIpId: 'zero',
  rstIpId: 'shared',
  drop: { bareRst: false, finPshUrg: true, echoRequest: false },
};

/** Linux 4.4 (Ubuntu 16.04's kernel): 20-segment window; bare ACKs and FIN|PSH|URG get no answer. */
const LINUX_4_4: StackPersonality = {
  ...LINUX_BASE,
  profile: 'linux-4.4',
  source: 'nmap-os-db: Fingerprint Linux 4.4 (the row with TS=A and T4/T6/T7 R=N)',
  print: [
    'SEQ(SP=FD-107%GCD=1-6%ISR=105-10F%TI=Z%II=I%TS=A)',
    'OPS(O1=M5B4ST11NW7%O2=M5B4ST11NW7%O3=M5B4NNT11NW7%O4=M5B4ST11NW7%O5=M5B4ST11NW7%O6=M5B4ST11)',
    'WIN(W1=7120%W2=7120%W3=7120%W4=7120%W5=7120%W6=7120)',
    'ECN(R=Y%DF=Y%T=3B-45%TG=40%W=7210%O=M5B4NNSNW7%CC=Y%Q=)',
    'T4(R=N) T6(R=N) T7(R=N)',
    'IE(DFI=N%T=3B-45%TG=40%CD=S)',
  ],
  synAckWindow: { mssMultiple: 20 },
  tsHz: 1000,
  sysctls: ONE_CLOCK,
  tcpIpId: 'zero',
  drop: { bareRst: true, finPshUrg: true, echoRequest: false },
};

/** Ubuntu 20.04 (5.4.0-*-generic): the kernel's own window, zero IP IDs, FIN|PSH|URG ignored. */
const LINUX_5_4: StackPersonality = {
  ...LINUX_BASE,
  profile: 'linux-5.4',
  tsHz: 1000,
  sysctls: ONE_CLOCK,
  source: 'nmap-os-db: Fingerprint Linux 5.4 (submitted as "Linux 5.4.0-29-generic #33-Ubuntu", Ubuntu 20.04)',
  print: [
    'SEQ(SP=F9-103%GCD=1-6%ISR=FA-104%TI=Z%CI=Z%II=I%TS=A)',
    'OPS(O1=M5B4ST11NW7%O2=M5B4ST11NW7%O3=M5B4NNT11NW7%O4=M5B4ST11NW7%O5=M5B4ST11NW7%O6=M5B4ST11)',
    'WIN(W1=FE88%W2=FE88%W3=FE88%W4=FE88%W5=FE88%W6=FE88)',
    'ECN(R=Y%DF=Y%T=3B-45%TG=40%W=FAF0%O=M5B4NNSNW7%CC=Y%Q=)',
    'T7(R=N)',
    'IE(DFI=N%T=3B-45%TG=40%CD=S)',
  ],
  tcpIpId: 'zero',
  drop: { bareRst: false, finPshUrg: true, echoRequest: false },
};

/** 5.6+ and 6.x kernels (nmap 7.93 knows none after 5.6): the newest row, the kernel's own answers. */
const LINUX_5_6: StackPersonality = {
  ...LINUX_BASE,
  profile: 'linux-5.6',
  source: 'nmap-os-db: Fingerprint Linux 4.15 - 5.6 (the newest Linux row of nmap 7.93)',
  print: [
    'SEQ(SP=FB-109%GCD=1-6%ISR=102-110%TI=Z%CI=Z%II=I%TS=A)',
    'OPS(O1=M5B4ST11NW7%O2=M5B4ST11NW7%O3=M5B4NNT11NW7%O4=M5B4ST11NW7%O5=M5B4ST11NW7%O6=M5B4ST11)',
    'WIN(W1=FE88%W2=FE88%W3=FE88%W4=FE88%W5=FE88%W6=FE88)',
    'ECN(R=Y%DF=Y%T=3B-45%TG=40%W=FAF0%O=M5B4NNSNW7%CC=Y%Q=)',
    'T7(R=Y%DF=Y%T=3B-45%TG=40%W=0%S=Z%A=S+%F=AR%O=%RD=0%Q=)',
    'IE(DFI=N%T=3B-45%TG=40%CD=S)',
  ],
  tcpIpId: 'zero',
  drop: { bareRst: false, finPshUrg: false, echoRequest: false },
};

export const LINUX_ROWS = {
  'linux-3.10': LINUX_3_10,
  'linux-4.4': LINUX_4_4,
  'linux-5.4': LINUX_5_4,
  'linux-5.6': LINUX_5_6,
} as const satisfies Record<string, StackPersonality>;
