// stat(1) (coreutils 9): the default multi-line format over the virtual filesystem (size, blocks,
// type, a stable per-path inode, mode, owners, times), -c/--format with the common % sequences.

import type { CommandContext, CommandSpec } from './types';
import { Output } from './types';
import { getopt } from './getopt';
import { resolvePath } from '../fs/path';
import { modeString } from '../fs/perms';
import type { VNode } from '../fs/vfs-types';
import { ERRNO_TEXT } from '../fs/vfs-types';
import { hash32 } from '../sys/rng';
import { strftime } from '../sys/time-format';

function typeName(n: VNode, size: number): string {
  if (n.kind === 'dir') return 'directory';
  if (n.kind === 'link') return 'symbolic link';
  if (n.kind === 'chardev') return 'character special file';
  return size === 0 ? 'regular empty file' : 'regular file';
}

function stamp(ms: number, path: string): string {
  const ns = String((hash32(`${path}:${ms}`) % 1_000_000_000)).padStart(9, '0');
  return `${strftime('%Y-%m-%d %H:%M:%S', new Date(ms))}.${ns} +0000`;
}

export function inodeOf(path: string): number {
  return path === '/' ? 2 : 131_072 + (hash32(`ino:${path}`) % 3_000_000);
}

function owner(ctx: CommandContext, uid: number, group: boolean): string {
  const a = ctx.state.accounts;
  return (group ? a.groupByGid(uid)?.name : a.byUid(uid)?.name) ?? 'UNKNOWN';
}

export const stat: CommandSpec = {
  name: 'stat',
  path: '/usr/bin/stat',
  run(ctx) {
    const o = new Output();
    const parsed = getopt('stat', ctx.argv.slice(1), { flags: 'LftZ', withArg: 'c', long: { dereference: 'L', 'file-system': 'f', terse: 't', 'format=': 'c', 'printf=': 'c' } });
    if (!parsed.ok) {
      o.err(parsed.error);
      return o.done(1);
    }
    if (parsed.opts.operands.length === 0) {
      o.err("stat: missing operand\nTry 'stat --help' for more information.\n");
      return o.done(1);
    }
    const fs = ctx.state.fs;
    let code = 0;
    for (const name of parsed.opts.operands) {
      const path = resolvePath(ctx.state.cwd, name);
      const r = parsed.opts.flags.has('L') ? fs.stat(path, ctx.cred) : fs.lstat(path, ctx.cred);
      if (!r.ok) {
        o.err(`stat: cannot statx '${name}': ${ERRNO_TEXT[r.errno]}\n`);
        code = 1;
        continue;
      }
      const n = r.value.node;
      const size = n.kind === 'link' ? (n.target ?? '').length : n.kind === 'dir' ? 4096 : fs.sizeOf(n);
      const mtime = fs.mtimeOf(n);
      const perm = (n.mode & 0o7777).toString(8).padStart(4, '0');
      const ino = inodeOf(r.value.path);
      const links = n.kind === 'dir' ? 2 + (hash32(path) % 6) : 1;
      const fmt = parsed.opts.values.get('c');
      if (fmt !== undefined) {
        const map: Record<string, string> = { n: name, s: String(size), a: perm.replace(/^0(?=\d{3}$)/, ''), A: modeString(n), U: owner(ctx, n.uid, false), G: owner(ctx, n.gid, true), u: String(n.uid), g: String(n.gid), i: String(ino), F: typeName(n, size), y: stamp(mtime, path), Y: String(Math.floor(mtime / 1000)), h: String(links), '%': '%' };
        o.out(`${fmt.slice(0, 1024).replace(/%(.)/g, (m, c: string) => map[c] ?? m)}\n`);
        continue;
      }
      const blocks = n.kind === 'dir' ? 8 : n.kind === 'link' ? 0 : Math.ceil(size / 4096) * 8;
      const shown = n.kind === 'link' ? `${name} -> ${n.target ?? ''}` : name;
      o.out(`  File: ${shown}\n  Size: ${String(size).padEnd(10)}\tBlocks: ${String(blocks).padEnd(10)} IO Block: 4096   ${typeName(n, size)}\n`);
      const dev = fs.isProc(path) ? '0,22' : '8,1';
      o.out(`Device: ${dev}\tInode: ${String(ino).padEnd(11)} Links: ${links}${n.kind === 'chardev' ? `     Device type: ${(n.rdev ?? [1, 3]).join(',')}` : ''}\n`);
      o.out(`Access: (${perm}/${modeString(n)})  Uid: (${String(n.uid).padStart(5)}/${owner(ctx, n.uid, false).padStart(8)})   Gid: (${String(n.gid).padStart(5)}/${owner(ctx, n.gid, true).padStart(8)})\n`);
      o.out(`Access: ${stamp(Math.max(mtime, ctx.state.persona.bootedAtMs), `${path}:a`)}\nModify: ${stamp(mtime, path)}\nChange: ${stamp(mtime, path)}\n Birth: ${stamp(mtime, `${path}:b`)}\n`);
    }
    return o.done(code);
  },
};
