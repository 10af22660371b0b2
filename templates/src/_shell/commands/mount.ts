// mount(8) without arguments: /proc/mounts in util-linux's "dev on dir type fs (opts)" form, from the
// same mount table as `df`; mounting anything as root fails the way a missing device does.

import type { CommandSpec } from './types';
import { err, out } from './types';
import { mounts } from '../sys/disk';
import { isBusybox } from './busybox';
import { busyboxMount } from './busybox-sys';

const PSEUDO: ReadonlyArray<[string, string, string, string]> = [
  ['sysfs', '/sys', 'sysfs', 'rw,nosuid,nodev,noexec,relatime'],
  ['proc', '/proc', 'proc', 'rw,nosuid,nodev,noexec,relatime'],
  ['udev', '/dev', 'devtmpfs', 'rw,nosuid,relatime,mode=755,inode64'],
  ['devpts', '/dev/pts', 'devpts', 'rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000'],
];

export const mount: CommandSpec = {
  name: 'mount',
  path: '/usr/bin/mount',
  run(ctx) {
    if (isBusybox(ctx)) return busyboxMount(ctx);
    const args = ctx.argv.slice(1).filter((a) => a !== '-l' && a !== '-v');
    const list = mounts(ctx.state.persona, ctx.now.getTime(), ctx.state.loginUser.uid);
    if (args.length === 0 || (args[0] === '-t' && args[1] !== undefined && args.length === 2)) {
      const rows: Array<[string, string, string, string]> = [...PSEUDO, ...list.map((m): [string, string, string, string] => [m.device, m.mountPoint, m.fsType, m.options])];
      const type = args[0] === '-t' ? args[1] : undefined;
      return out(rows.filter((r) => type === undefined || r[2] === type).map(([d, m, t, o]) => `${d} on ${m} type ${t} (${o})`).join('\n') + '\n');
    }
    if (ctx.user.uid !== 0) return err('mount: only root can do that.\n', 1);
    const device = args.filter((a) => !a.startsWith('-')).at(-2) ?? args[0] ?? '';
    return err(`mount: ${args.filter((a) => !a.startsWith('-')).at(-1) ?? ''}: special device ${device} does not exist.\n       dmesg(1) may have more information after failed mount system call.\n`, 32);
  },
};
