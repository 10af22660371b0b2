// The persona's block devices and mounts: one source for `df`, /proc/mounts, /etc/fstab and the
// jbd2 kernel thread name, with usage that grows slowly with uptime.

import type { ShellPersona } from '../persona';
import { hash32 } from './rng';
import { memStats } from './memory';

export interface Mount {
  device: string;
  mountPoint: string;
  fsType: string;
  options: string;
  sizeKb: number;
  usedKb: number;
}

export function rootDevice(persona: ShellPersona): { device: string; fsType: string; kernelName: string } {
  const h = hash32(`${persona.seed}:disk`);
  if (persona.family === 'rhel') {
    const lower = persona.osPrettyName.toLowerCase();
    const vg = lower.includes('rocky') ? 'rl' : lower.includes('alma') ? 'almalinux' : lower.includes('centos') ? 'cs' : 'rhel';
    return { device: `/dev/mapper/${vg}-root`, fsType: 'xfs', kernelName: 'dm-0' };
  }
  if (persona.family === 'alpine') return { device: '/dev/sda3', fsType: 'ext4', kernelName: 'sda3' };
  const ubuntu = persona.osPrettyName.toLowerCase().includes('ubuntu');
  if (ubuntu && h % 3 === 0) return { device: '/dev/mapper/ubuntu--vg-ubuntu--lv', fsType: 'ext4', kernelName: 'dm-0' };
  return h % 2 === 0 ? { device: '/dev/sda1', fsType: 'ext4', kernelName: 'sda1' } : { device: '/dev/vda1', fsType: 'ext4', kernelName: 'vda1' };
}

/** A mount table row; pseudo filesystems (proc, sysfs, ...) have no size and are not shown by df. */
export interface MountRow extends Mount {
  pseudo?: boolean;
}

/** Alpine (OpenRC) and embedded BusyBox mount tables in /proc/mounts order. */
export function busyboxMountTable(persona: ShellPersona, nowMs: number): MountRow[] {
  const fs = mounts(persona, nowMs, 0);
  const pseudo = (device: string, mountPoint: string, fsType: string, options: string): MountRow => ({ device, mountPoint, fsType, options, sizeKb: 0, usedKb: 0, pseudo: true });
  const at = (mp: string): MountRow[] => fs.filter((m) => m.mountPoint === mp);
  if (persona.embedded === true) {
    return [pseudo('rootfs', '/', 'rootfs', 'rw'), ...at('/'), pseudo('proc', '/proc', 'proc', 'rw,relatime'), pseudo('sysfs', '/sys', 'sysfs', 'rw,relatime'), ...at('/dev'), pseudo('devpts', '/dev/pts', 'devpts', 'rw,relatime,mode=600,ptmxmode=000'), ...at('/tmp'), ...at('/mnt/mtd')];
  }
  return [
    ...at('/'), ...at('/dev'), pseudo('proc', '/proc', 'proc', 'rw,nosuid,nodev,noexec,relatime'), pseudo('sysfs', '/sys', 'sysfs', 'rw,nosuid,nodev,noexec,relatime'),
    pseudo('devpts', '/dev/pts', 'devpts', 'rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000'), ...at('/dev/shm'), ...at('/run'),
    pseudo('mqueue', '/dev/mqueue', 'mqueue', 'rw,nosuid,nodev,noexec,relatime'), pseudo('cgroup2', '/sys/fs/cgroup', 'cgroup2', 'rw,nosuid,nodev,noexec,relatime,nsdelegate'), ...at('/boot'),
  ];
}

function busyboxMounts(persona: ShellPersona, size: number, used: number, mem: number, run: number): Mount[] {
  const h = hash32(persona.seed);
  if (persona.embedded === true) {
    const flash = 6784 + (h % 8) * 512;
    return [
      { device: '/dev/root', mountPoint: '/', fsType: 'squashfs', options: 'ro,relatime', sizeKb: flash, usedKb: flash },
      { device: 'tmpfs', mountPoint: '/dev', fsType: 'tmpfs', options: 'rw,relatime,size=512k,mode=755', sizeKb: 512, usedKb: 0 },
      { device: 'tmpfs', mountPoint: '/tmp', fsType: 'tmpfs', options: 'rw,relatime', sizeKb: Math.floor(mem / 2), usedKb: 24 + (h % 60) },
      { device: '/dev/mtdblock5', mountPoint: '/mnt/mtd', fsType: 'jffs2', options: 'rw,relatime', sizeKb: 3072, usedKb: 508 + (h % 300) },
    ];
  }
  return [
    { device: rootDevice(persona).device, mountPoint: '/', fsType: 'ext4', options: 'rw,relatime', sizeKb: size, usedKb: used },
    { device: 'devtmpfs', mountPoint: '/dev', fsType: 'devtmpfs', options: `rw,nosuid,noexec,relatime,size=10240k,nr_inodes=${Math.floor(mem / 8)},mode=755,inode64`, sizeKb: 10_240, usedKb: 0 },
    { device: 'shm', mountPoint: '/dev/shm', fsType: 'tmpfs', options: 'rw,nosuid,nodev,noexec,relatime,inode64', sizeKb: Math.floor(mem / 2), usedKb: 0 },
    { device: 'tmpfs', mountPoint: '/run', fsType: 'tmpfs', options: `rw,nosuid,nodev,noexec,relatime,size=${run}k,nr_inodes=819200,mode=755,inode64`, sizeKb: run, usedKb: 120 + (h % 200) },
    { device: '/dev/sda1', mountPoint: '/boot', fsType: 'ext4', options: 'rw,relatime', sizeKb: 289_293, usedKb: 27_013 + (h % 9000) },
  ];
}

export function mounts(persona: ShellPersona, nowMs: number, uid: number): Mount[] {
  const root = rootDevice(persona);
  const size = persona.diskTotalKb ?? 20_000_000 + (hash32(`${persona.seed}:size`) % 30_000_000);
  const days = Math.max(0, (nowMs - persona.bootedAtMs) / 86_400_000);
  const usedFrac = 0.12 + (hash32(`${persona.seed}:used`) % 40) / 100;
  const used = Math.min(Math.floor(size * usedFrac + days * 2100 + ((nowMs / 1000) % 97)), Math.floor(size * 0.93));
  const mem = memStats(persona, nowMs).totalKb;
  const run = Math.floor(mem / 10 / 4) * 4;
  if (persona.family === 'alpine') return busyboxMounts(persona, size, used, mem, run);
  const out: Mount[] = [
    { device: 'tmpfs', mountPoint: '/run', fsType: 'tmpfs', options: 'rw,nosuid,nodev,noexec,relatime,size=' + run + 'k,mode=755', sizeKb: run, usedKb: 1000 + (hash32(persona.seed) % 900) },
    { device: root.device, mountPoint: '/', fsType: root.fsType, options: root.fsType === 'xfs' ? 'rw,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota' : 'rw,relatime', sizeKb: size, usedKb: used },
    { device: 'tmpfs', mountPoint: '/dev/shm', fsType: 'tmpfs', options: 'rw,nosuid,nodev', sizeKb: Math.floor(mem / 2), usedKb: 0 },
    { device: 'tmpfs', mountPoint: '/run/lock', fsType: 'tmpfs', options: 'rw,nosuid,nodev,noexec,relatime,size=5120k', sizeKb: 5120, usedKb: 0 },
  ];
  if (persona.family === 'debian') {
    const bootDev = root.device.startsWith('/dev/mapper') ? '/dev/sda2' : root.device.replace(/1$/, '15');
    if (bootDev !== root.device) out.push({ device: bootDev, mountPoint: root.device.startsWith('/dev/mapper') ? '/boot' : '/boot/efi', fsType: root.device.startsWith('/dev/mapper') ? 'ext4' : 'vfat', options: 'rw,relatime', sizeKb: root.device.startsWith('/dev/mapper') ? 1_992_552 : 106_858, usedKb: root.device.startsWith('/dev/mapper') ? 130_000 + (hash32(persona.seed) % 90_000) : 6_186 });
  } else if (persona.family === 'rhel') {
    out.push({ device: '/dev/sda1', mountPoint: '/boot', fsType: 'xfs', options: 'rw,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota', sizeKb: 1_038_336, usedKb: 250_000 + (hash32(persona.seed) % 90_000) });
  }
  out.push({ device: 'tmpfs', mountPoint: `/run/user/${uid}`, fsType: 'tmpfs', options: 'rw,nosuid,nodev,relatime,size=' + run + 'k,nr_inodes=100000,mode=700,uid=' + uid + ',gid=' + uid, sizeKb: run, usedKb: 4 });

  return out;
}
