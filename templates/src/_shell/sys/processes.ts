// The process table of a persona: kernel threads, the distro's init/systemd services, the persona's
// own services, with stable per-decky PIDs, start times and sizes; CPU time accumulates with age so
// `ps` output changes between calls (detectability D4).

import type { ShellPersona } from '../persona';
import { makeRng } from './rng';
import { rootDevice } from './disk';

export interface ProcEntry {
  pid: number;
  ppid: number;
  user: string;
  command: string;
  tty: string;
  stat: string;
  startMs: number;
  vszKb: number;
  rssKb: number;
  /** Fraction of one CPU this process has used over its life (cpu time = share * age). */
  cpuShare: number;
  kernel: boolean;
}

type Svc = [user: string, command: string, vszKb: number, rssKb: number, stat: string];

const UBUNTU_SERVICES: Svc[] = [
  ['root', '/lib/systemd/systemd-journald', 64_020, 15_420, 'S<s'],
  ['root', '/sbin/multipathd -d -s', 289_312, 27_012, 'SLsl'],
  ['root', '/lib/systemd/systemd-udevd', 25_268, 6_300, 'Ss'],
  ['systemd-network', '/lib/systemd/systemd-networkd', 16_264, 8_124, 'Ss'],
  ['systemd-resolve', '/lib/systemd/systemd-resolved', 25_536, 12_824, 'Ss'],
  ['systemd-timesync', '/lib/systemd/systemd-timesyncd', 89_356, 6_532, 'Ssl'],
  ['root', '/usr/sbin/cron -f -P', 7_304, 2_692, 'Ss'],
  ['messagebus', '@dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation --syslog-only', 8_584, 4_820, 'Ss'],
  ['root', '/usr/sbin/irqbalance --foreground', 82_768, 3_932, 'Ssl'],
  ['root', '/usr/bin/python3 /usr/bin/networkd-dispatcher --run-startup-triggers', 32_804, 19_264, 'Ss'],
  ['root', '/usr/libexec/polkitd --no-debug', 234_484, 7_148, 'Ssl'],
  ['syslog', '/usr/sbin/rsyslogd -n -iNONE', 222_404, 5_648, 'Ssl'],
  ['root', '/lib/systemd/systemd-logind', 15_020, 7_432, 'Ss'],
  ['root', '/usr/libexec/udisks2/udisksd', 392_476, 13_388, 'Ssl'],
  ['root', '/sbin/agetty -o -p -- \\u --noclear tty1 linux', 6_176, 1_088, 'Ss+'],
  ['root', '/usr/bin/python3 /usr/share/unattended-upgrades/unattended-upgrade-shutdown --wait-for-signal', 110_088, 21_420, 'Ssl'],
];
const DEBIAN_SERVICES: Svc[] = [
  ['root', '/lib/systemd/systemd-journald', 41_312, 12_004, 'Ss'],
  ['root', '/lib/systemd/systemd-udevd', 26_488, 7_012, 'Ss'],
  ['systemd-timesync', '/lib/systemd/systemd-timesyncd', 90_076, 6_728, 'Ssl'],
  ['root', 'dhclient -4 -v -i -pf /run/dhclient.IFACE.pid -lf /var/lib/dhcp/dhclient.IFACE.leases -I -df /var/lib/dhcp/dhclient6.IFACE.leases IFACE', 5_972, 3_988, 'Ss'],
  ['root', '/usr/sbin/cron -f', 6_608, 2_588, 'Ss'],
  ['messagebus', '/usr/bin/dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation --syslog-only', 9_136, 4_472, 'Ss'],
  ['root', '/lib/systemd/systemd-logind', 25_372, 7_888, 'Ss'],
  ['root', '/sbin/agetty -o -p -- \\u --noclear - linux', 5_872, 1_012, 'Ss+'],
];
const RHEL_SERVICES: Svc[] = [
  ['root', '/usr/lib/systemd/systemd-journald', 35_188, 13_732, 'Ss'],
  ['root', '/usr/lib/systemd/systemd-udevd', 35_004, 11_164, 'Ss'],
  ['root', '/sbin/auditd', 92_740, 3_996, 'S<sl'],
  ['dbus', '/usr/bin/dbus-broker-launch --scope system --audit', 21_596, 4_636, 'Ss'],
  ['dbus', 'dbus-broker --log 4 --controller 9 --machine-id MACHINEID --max-bytes 536870912 --max-fds 4096 --max-matches 131072 --audit', 5_004, 3_280, 'S'],
  ['root', '/usr/sbin/irqbalance --foreground', 78_956, 3_820, 'Ssl'],
  ['polkitd', '/usr/lib/polkit-1/polkitd --no-debug', 2_669_484, 23_844, 'Ssl'],
  ['root', '/usr/lib/systemd/systemd-logind', 17_052, 8_208, 'Ss'],
  ['chrony', '/usr/sbin/chronyd -F 2', 85_628, 3_904, 'S'],
  ['root', '/usr/sbin/NetworkManager --no-daemon', 260_404, 18_752, 'Ssl'],
  ['root', '/usr/bin/python3 -s /usr/sbin/firewalld --nofork --nopid', 129_412, 43_336, 'Ssl'],
  ['root', '/usr/sbin/crond -n', 222_368, 3_616, 'Ss'],
  ['root', '/sbin/agetty -o -p -- \\u --noclear - linux', 3_064, 1_020, 'Ss+'],
  ['root', '/usr/sbin/rsyslogd -n', 160_104, 5_680, 'Ssl'],
  ['root', '/usr/bin/python3 -Es /usr/sbin/tuned -l -P', 425_924, 31_212, 'Ssl'],
];
const ALPINE_SERVICES: Svc[] = [
  ['root', '/sbin/syslogd -t -n', 1_640, 940, 'S'],
  ['root', '/usr/sbin/crond -c /etc/crontabs -f', 1_624, 880, 'S'],
  ['root', '/sbin/getty 38400 tty1', 1_612, 876, 'Ss+'],
];

const KTHREADS = ['rcu_gp', 'rcu_par_gp', 'slub_flushwq', 'netns', 'kworker/0:0H-events_highpri', 'mm_percpu_wq', 'rcu_tasks_rude_', 'rcu_tasks_trace', 'ksoftirqd/0', 'rcu_sched', 'migration/0', 'idle_inject/0', 'cpuhp/0'];
const PER_CPU = ['cpuhp', 'idle_inject', 'migration', 'ksoftirqd', 'kworker/N:0H-events_highpri'];
const LATE_KTHREADS = ['kdevtmpfs', 'inet_frag_wq', 'kauditd', 'khungtaskd', 'oom_reaper', 'writeback', 'kcompactd0', 'ksmd', 'khugepaged', 'kintegrityd', 'kblockd', 'blkcg_punt_bio', 'tpm_dev_wq', 'ata_sff', 'md', 'edac-poller', 'devfreq_wq', 'watchdogd', 'kworker/0:1H-kblockd', 'kswapd0', 'ecryptfs-kthrea', 'kthrotld', 'scsi_eh_0', 'scsi_tmf_0', 'jbd2/sda1-8', 'ext4-rsv-conver', 'kworker/u4:1-events_unbound', 'kworker/0:2-events'];

export function initCommand(persona: ShellPersona): string {
  if (persona.family === 'rhel') return '/usr/lib/systemd/systemd --switched-root --system --deserialize 31';
  return '/sbin/init';
}

export function sshdListenerCommand(persona: ShellPersona): string {
  return persona.family === 'alpine' ? 'sshd: /usr/sbin/sshd [listener] 0 of 10-100 startups' : 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups';
}

const cache = new WeakMap<ShellPersona, ProcEntry[]>();

/** Stable base table; PIDs and sizes depend only on the persona. */
export function baseProcesses(persona: ShellPersona, machineId: string): ProcEntry[] {
  const diskName = rootDevice(persona).kernelName;
  const hit = cache.get(persona);
  if (hit) return hit;
  const rng = makeRng(`${persona.seed}:procs`);
  const boot = persona.bootedAtMs;
  const out: ProcEntry[] = [];
  const add = (e: Omit<ProcEntry, 'cpuShare' | 'kernel'> & Partial<Pick<ProcEntry, 'cpuShare' | 'kernel'>>): ProcEntry => {
    const entry: ProcEntry = { cpuShare: 0, kernel: false, ...e };
    out.push(entry);
    return entry;
  };
  add({ pid: 1, ppid: 0, user: 'root', command: initCommand(persona), tty: '?', stat: 'Ss', startMs: boot, vszKb: 167_000 + rng.int(0, 9000), rssKb: 11_000 + rng.int(0, 2500), cpuShare: 0.0002 });
  let pid = 2;
  if (persona.family !== 'alpine') {
    add({ pid: pid++, ppid: 0, user: 'root', command: '[kthreadd]', tty: '?', stat: 'S', startMs: boot, vszKb: 0, rssKb: 0, kernel: true });
    const kthread = (name: string, stat = 'I<'): void => {
      add({ pid: pid++, ppid: 2, user: 'root', command: `[${name}]`, tty: '?', stat, startMs: boot, vszKb: 0, rssKb: 0, kernel: true, cpuShare: rng.next() * 0.00002 });
    };
    for (const k of KTHREADS) kthread(k, k.startsWith('ksoftirqd') || k.startsWith('migration') || k.startsWith('cpuhp') || k.startsWith('idle') ? 'S' : k === 'rcu_sched' ? 'I' : 'I<');
    for (let cpu = 1; cpu < Math.min(persona.cpuCount, 64); cpu++) {
      for (const k of PER_CPU) kthread(k.includes('N') ? k.replace('N', String(cpu)) : `${k}/${cpu}`, k.startsWith('kworker') ? 'I<' : 'S');
      pid += 1;
    }
    pid += rng.int(2, 20);
    const xfs = rootDevice(persona).fsType === 'xfs';
    for (const raw of LATE_KTHREADS) {
      const k = xfs && raw.startsWith('jbd2') ? `xfsaild/${diskName}` : xfs && raw.startsWith('ext4') ? `xfs-buf/${diskName}` : raw.replace('sda1', diskName);
      kthread(k, k.startsWith('k') && !k.startsWith('kworker') ? 'S' : 'I<');
      pid += rng.int(0, 3);
    }
  }
  pid += rng.int(60, 250);
  const services = persona.family === 'rhel' ? RHEL_SERVICES : persona.family === 'alpine' ? ALPINE_SERVICES : persona.osPrettyName.toLowerCase().includes('ubuntu') ? UBUNTU_SERVICES : DEBIAN_SERVICES;
  for (const [user, command, vsz, rss, stat] of services) {
    const cmd = command.replaceAll('IFACE', persona.iface).replace('MACHINEID', machineId);
    const isTty = cmd.includes('getty');
    add({ pid, ppid: 1, user, command: cmd, tty: isTty ? 'tty1' : '?', stat, startMs: boot + rng.int(1500, 9000), vszKb: vsz, rssKb: rss + rng.int(-200, 400), cpuShare: rng.next() * 0.0004 });
    pid += rng.int(1, 40);
  }
  add({ pid, ppid: 1, user: 'root', command: sshdListenerCommand(persona), tty: '?', stat: 'Ss', startMs: boot + rng.int(5000, 12_000), vszKb: 15_436, rssKb: 9_112 + rng.int(0, 600), cpuShare: 0.00005 });
  pid += rng.int(5, 60);
  let parentPid = 1;
  for (const p of persona.processes) {
    const worker = /worker|child/.test(p.command);
    const entry = add({
      pid,
      ppid: worker ? parentPid : 1,
      user: p.user,
      command: p.command,
      tty: '?',
      stat: worker ? 'S' : 'Ss',
      startMs: boot + rng.int(8000, 20_000),
      vszKb: 20_000 + rng.int(0, 600_000),
      rssKb: p.rssKb ?? 4_000 + rng.int(0, 60_000),
      cpuShare: rng.next() * 0.002,
    });
    if (!worker) parentPid = entry.pid;
    pid += worker ? 1 : rng.int(3, 30);
  }
  cache.set(persona, out);
  return out;
}

/** A PID far past the boot-time ones, as on a machine that has been up for a while. */
export function firstSessionPid(persona: ShellPersona, nowMs: number, basePids: readonly ProcEntry[]): number {
  const last = basePids.reduce((m, p) => Math.max(m, p.pid), 1);
  const days = Math.max(0, (nowMs - persona.bootedAtMs) / 86_400_000);
  const rng = makeRng(`${persona.seed}:sessionpid:${Math.floor(nowMs / 60_000)}`);
  const grown = Math.floor(days * (1500 + rng.int(0, 5000))) + rng.int(200, 3000);
  return Math.min(last + grown, 4_000_000 - 1000);
}
