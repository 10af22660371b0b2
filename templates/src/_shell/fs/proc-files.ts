// /proc and /sys of a persona. Files are computed at read time from the shell clock (uptime, load,
// memory, counters) and come from the same functions as `uptime`, `free`, `ps` and `ip`, so the
// kernel's view and the tools' view always match (detectability D4/D5).

import type { ShellPersona } from '../persona';
import type { Accounts } from '../sys/accounts';
import type { TreeBuilder } from './tree-builder';
import { cpuinfo } from '../sys/cpu';
import { memStats } from '../sys/memory';
import { loadAverage, uptimeSeconds } from '../sys/uptime';
import { mounts, rootDevice, busyboxMountTable } from '../sys/disk';
import { ifCounters, netInfo } from '../sys/network';
import { baseProcesses } from '../sys/processes';
import { machineId, procVersion } from '../sys/identity';
import { hash32 } from '../sys/rng';

function meminfo(persona: ShellPersona, nowMs: number): string {
  const m = memStats(persona, nowMs);
  const anon = m.usedKb - m.sUnreclaimKb - 12_000;
  const rows: Array<[string, number, boolean?]> = [
    ['MemTotal', m.totalKb], ['MemFree', m.freeKb], ['MemAvailable', m.availableKb], ['Buffers', m.buffersKb],
    ['Cached', m.cachedKb], ['SwapCached', 0], ['Active', Math.floor(m.cachedKb * 0.45) + Math.floor(anon * 0.1)],
    ['Inactive', Math.floor(m.cachedKb * 0.5) + Math.floor(anon * 0.9)], ['Active(anon)', Math.floor(anon * 0.1)],
    ['Inactive(anon)', Math.floor(anon * 0.9)], ['Active(file)', Math.floor(m.cachedKb * 0.45)],
    ['Inactive(file)', Math.floor(m.cachedKb * 0.5)], ['Unevictable', 27_196], ['Mlocked', 27_196],
    ['SwapTotal', m.swapTotalKb], ['SwapFree', m.swapFreeKb], ['Dirty', 40 + (nowMs % 400)], ['Writeback', 0],
    ['AnonPages', anon], ['Mapped', Math.floor(m.cachedKb * 0.3)], ['Shmem', m.sharedKb],
    ['KReclaimable', m.sReclaimableKb], ['Slab', m.sReclaimableKb + m.sUnreclaimKb], ['SReclaimable', m.sReclaimableKb],
    ['SUnreclaim', m.sUnreclaimKb], ['KernelStack', 3_856], ['PageTables', 4_572], ['NFS_Unstable', 0], ['Bounce', 0],
    ['WritebackTmp', 0], ['CommitLimit', Math.floor(m.totalKb / 2) + m.swapTotalKb], ['Committed_AS', Math.floor(anon * 4.2)],
    ['VmallocTotal', 34_359_738_367], ['VmallocUsed', 22_188], ['VmallocChunk', 0], ['Percpu', 520 * persona.cpuCount],
    ['HardwareCorrupted', 0], ['AnonHugePages', 0], ['ShmemHugePages', 0], ['ShmemPmdMapped', 0], ['FileHugePages', 0],
    ['FilePmdMapped', 0], ['HugePages_Total', 0, true], ['HugePages_Free', 0, true], ['HugePages_Rsvd', 0, true],
    ['HugePages_Surp', 0, true], ['Hugepagesize', 2048], ['Hugetlb', 0], ['DirectMap4k', 155_500],
    ['DirectMap2M', Math.max(0, m.totalKb - 155_500 + 200_000)],
  ];
  return rows.map(([k, v, bare]) => (bare ? `${`${k}:`.padEnd(16)}${String(v).padStart(5)}` : `${`${k}:`.padEnd(16)}${String(v).padStart(8)} kB`)).join('\n') + '\n';
}

function procMounts(persona: ShellPersona, nowMs: number): string {
  if (persona.family === 'alpine') return busyboxMountTable(persona, nowMs).map((m) => `${m.device} ${m.mountPoint} ${m.fsType} ${m.options} 0 0`).join('\n') + '\n';
  const lines = ['sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0', 'proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0', `udev /dev devtmpfs rw,nosuid,relatime,size=${Math.floor(persona.memTotalKb / 2)}k,nr_inodes=${Math.floor(persona.memTotalKb / 8)},mode=755,inode64 0 0`, 'devpts /dev/pts devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000 0 0'];
  for (const m of mounts(persona, nowMs, 0)) lines.push(`${m.device} ${m.mountPoint} ${m.fsType} ${m.options} 0 0`);
  lines.push('cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot 0 0');
  return lines.filter((l) => !l.includes('/run/user/0 ')).join('\n') + '\n';
}

export function addProcAndSys(t: TreeBuilder, persona: ShellPersona, accounts: Accounts): void {
  const proc = { mode: 0o444, special: 'proc' as const };
  t.dir('/proc', { mode: 0o555, mtimeMs: persona.bootedAtMs });
  t.file('/proc/version', procVersion(persona), proc);
  t.file('/proc/cpuinfo', cpuinfo(persona), proc);
  t.file('/proc/meminfo', (now) => meminfo(persona, now), proc);
  t.file('/proc/uptime', (now) => {
    const up = uptimeSeconds(persona, now);
    const idle = up * persona.cpuCount * (0.93 + (hash32(persona.seed) % 6) / 100);
    return `${up.toFixed(2)} ${idle.toFixed(2)}\n`;
  }, proc);
  const procs = baseProcesses(persona, machineId(persona));
  t.file('/proc/loadavg', (now) => {
    const [a, b, c] = loadAverage(persona, now);
    const last = procs.reduce((m, p) => Math.max(m, p.pid), 1) + Math.floor((now - persona.bootedAtMs) / 40_000);
    return `${a.toFixed(2)} ${b.toFixed(2)} ${c.toFixed(2)} 1/${procs.length + 12} ${last}\n`;
  }, proc);
  t.file('/proc/mounts', (now) => procMounts(persona, now), proc);
  const root = rootDevice(persona);
  t.file('/proc/cmdline', persona.family === 'rhel' ? `BOOT_IMAGE=(hd0,msdos1)/vmlinuz-${persona.kernelRelease} root=${root.device} ro crashkernel=1G-4G:192M,4G-64G:256M,64G-:512M resume=/dev/mapper/rl-swap rhgb quiet\n` : `BOOT_IMAGE=/boot/vmlinuz-${persona.kernelRelease} root=${root.device.startsWith('/dev/mapper') ? root.device : `UUID=${hash32(persona.seed).toString(16)}-${hash32(persona.hostname).toString(16).slice(0, 4)}`} ro\n`, proc);
  t.file('/proc/filesystems', 'nodev\tsysfs\nnodev\ttmpfs\nnodev\tbdev\nnodev\tproc\nnodev\tcgroup\nnodev\tcgroup2\nnodev\tdevtmpfs\nnodev\tdebugfs\nnodev\tsecurityfs\nnodev\tsockfs\nnodev\tpipefs\nnodev\tdevpts\n\text3\n\text2\n\text4\n\tsquashfs\n\tvfat\nnodev\tmqueue\n\txfs\nnodev\toverlay\n', proc);
  t.file('/proc/sys/kernel/hostname', `${persona.hostname}\n`, proc);
  t.file('/proc/sys/kernel/osrelease', `${persona.kernelRelease}\n`, proc);
  t.file('/proc/sys/kernel/ostype', 'Linux\n', proc);
  t.file('/proc/sys/kernel/version', `${persona.kernelVersion}\n`, proc);
  t.file('/proc/sys/kernel/pid_max', '4194304\n', proc);
  t.file('/proc/net/dev', (now) => {
    const net = netInfo(persona);
    const row = (name: string, c: ReturnType<typeof ifCounters>): string =>
      `${name.padStart(6)}: ${String(c.rxBytes).padStart(8)} ${String(c.rxPackets).padStart(7)}    0 ${String(c.rxDropped).padStart(4)}    0     0          0         0 ${String(c.txBytes).padStart(8)} ${String(c.txPackets).padStart(7)}    0    0    0     0       0          0`;
    return `Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n${row('lo', ifCounters(persona, now, true))}\n${row(net.iface, ifCounters(persona, now, false))}\n`;
  }, proc);
  for (const p of procs) {
    const owner = accounts.byName(p.user);
    const o = { mode: 0o555, uid: owner?.uid ?? 0, gid: owner?.gid ?? 0, mtimeMs: p.startMs };
    const dir = `/proc/${p.pid}`;
    t.dir(dir, o);
    const comm = p.kernel ? p.command.slice(1, -1) : (p.command.split(' ')[0] ?? '').split('/').pop()?.replace(/:$/, '') ?? '';
    t.file(`${dir}/cmdline`, p.kernel ? '' : p.command.split(' ').join('\0') + '\0', { ...proc, uid: o.uid, gid: o.gid });
    t.file(`${dir}/comm`, `${comm.slice(0, 15)}\n`, { ...proc, uid: o.uid, gid: o.gid });
    t.file(`${dir}/status`, `Name:\t${comm.slice(0, 15)}\nState:\t${p.stat.startsWith('I') ? 'I (idle)' : 'S (sleeping)'}\nTgid:\t${p.pid}\nPid:\t${p.pid}\nPPid:\t${p.ppid}\nUid:\t${o.uid}\t${o.uid}\t${o.uid}\t${o.uid}\nGid:\t${o.gid}\t${o.gid}\t${o.gid}\t${o.gid}\nVmRSS:\t${String(p.rssKb).padStart(8)} kB\nThreads:\t1\n`, { ...proc, uid: o.uid, gid: o.gid });
  }

  const net = netInfo(persona);
  t.dir('/sys', { mode: 0o555, mtimeMs: persona.bootedAtMs });
  for (const [iface, mac, mtu] of [['lo', '00:00:00:00:00:00', 65_536], [net.iface, net.mac, net.mtu]] as const) {
    t.file(`/sys/class/net/${iface}/address`, `${mac}\n`, proc);
    t.file(`/sys/class/net/${iface}/operstate`, iface === 'lo' ? 'unknown\n' : 'up\n', proc);
    t.file(`/sys/class/net/${iface}/mtu`, `${mtu}\n`, proc);
  }
}
