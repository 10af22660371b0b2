// dmesg(1): the persona's kernel ring buffer (boot messages naming its kernel, CPU, memory, disk and
// NIC with its MAC, then a few late lines); non-root on Debian/RHEL hits kernel.dmesg_restrict.

import type { CommandSpec } from './types';
import { err, out } from './types';
import type { ShellPersona } from '../persona';
import { procVersion } from '../sys/identity';
import { rootDevice } from '../sys/disk';
import { hash32 } from '../sys/rng';
import { strftime } from '../sys/time-format';

export function kernelLog(p: ShellPersona, nowMs: number): Array<[number, string]> {
  const disk = rootDevice(p);
  const dev = disk.kernelName.replace(/\d+$/, '').replace('dm-', 'sda');
  const h = hash32(`${p.seed}:dmesg`);
  const lines: Array<[number, string]> = [
    [0, procVersion(p).trim()],
    [0, `Command line: BOOT_IMAGE=/boot/vmlinuz-${p.kernelRelease} root=UUID=${(h >>> 0).toString(16).padStart(8, '0')}-6d1c-4e0a-9f3b-2a41c5d0e7b8 ro quiet`],
    [0, 'BIOS-provided physical RAM map:'],
    [0.004, `DMI: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014`],
    [0.012, `Memory: ${Math.floor(p.memTotalKb * 0.97)}K/${p.memTotalKb + 131_072}K available`],
    [0.15, `smpboot: CPU0: ${p.cpuModel} (family: 0x6, model: 0x4f, stepping: 0x1)`],
    [0.21, `smp: Brought up 1 node, ${p.cpuCount} CPU${p.cpuCount > 1 ? 's' : ''}`],
    [0.9, `scsi 2:0:0:0: Direct-Access     QEMU     QEMU HARDDISK    2.5+ PQ: 0 ANSI: 5`],
    [0.95, `sd 2:0:0:0: [${dev}] Attached SCSI disk`],
    [1.1, `virtio_net virtio0 ${p.iface}: renamed from eth0`],
    [1.4, `${disk.fsType === 'xfs' ? 'XFS' : 'EXT4-fs'} (${disk.kernelName}): mounted filesystem with ordered data mode. Quota mode: none.`],
    [3.2, `${disk.fsType === 'xfs' ? 'XFS' : 'EXT4-fs'} (${disk.kernelName}): re-mounted. Quota mode: none.`],
    [4.8, `${p.iface}: Link is Up - 1000Mbps/Full - flow control off`],
    [5.1, `IPv6: ADDRCONF(NETDEV_CHANGE): ${p.iface}: link becomes ready`],
  ];
  const up = Math.max(10, (nowMs - p.bootedAtMs) / 1000);
  for (let i = 0; i < 3; i++) {
    const t = Math.floor(up * (0.3 + i * 0.25) + (h % 97));
    lines.push([t, `[UFW BLOCK] IN=${p.iface} OUT= MAC=${p.mac}:00:1b:21:${(h & 0xff).toString(16).padStart(2, '0')}:00:01:08:00 SRC=${45 + i * 40}.${(h >>> 8) % 250}.${(h >>> 16) % 250}.${(i * 37) % 250} DST=${p.ip} LEN=44 TOS=0x00 PREC=0x00 TTL=${240 + i} ID=${(h >>> i) % 65_000} PROTO=TCP SPT=${40_000 + (h % 9000)} DPT=${[23, 3389, 8080][i]} WINDOW=1024 RES=0x00 SYN URGP=0`]);
  }
  return lines;
}

export const dmesg: CommandSpec = {
  name: 'dmesg',
  path: '/usr/bin/dmesg',
  run(ctx) {
    const p = ctx.state.persona;
    if (ctx.user.uid !== 0 && p.family !== 'alpine') return err('dmesg: read kernel buffer failed: Operation not permitted\n');
    const human = ctx.argv.slice(1).some((a) => a === '-T' || a === '--ctime');
    const text = kernelLog(p, ctx.now.getTime())
      .map(([t, msg]) => (human ? `[${strftime('%a %b %e %H:%M:%S %Y', new Date(p.bootedAtMs + t * 1000))}] ${msg}` : `[${t.toFixed(6).padStart(12)}] ${msg}`))
      .join('\n');
    return out(`${text}\n`);
  },
};
