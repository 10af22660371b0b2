// ls(1) (GNU coreutils): -a -A -l -h -d -R -1 -t -r -S -F -p -n -C, operands (files first, then
// directories with headers), columns on a terminal and one name per line in pipes, exact errors
// ("cannot access", "cannot open directory") and exit status 2 for missing operands.

import type { CommandSpec } from './types';
import { Output, q } from './types';
import { getopt } from './getopt';
import { gnuVersion } from './gnu-version';
import type { Entry, LsFlags } from './ls-format';
import { blocksKb, columns, compareNames, longLines, shortName } from './ls-format';
import { joinPath, resolvePath } from '../fs/path';
import { ERRNO_TEXT } from '../fs/vfs-types';
import { LIMITS } from '../limits';
import { busyboxBanner, isBusybox, USAGE } from './busybox';

export const ls: CommandSpec = {
  name: 'ls',
  path: '/usr/bin/ls',
  run(ctx) {
    if (isBusybox(ctx) && ctx.argv[1] === '--help') return { stdout: '', stderr: `${busyboxBanner(ctx.state.persona)}\n\n${USAGE['ls'] ?? ''}`, code: 0 };
    const parsed = getopt('ls', ctx.argv.slice(1), {
      flags: 'aAlhdR1trSFpnCUfiGg',
      withArg: 'w',
      long: { all: 'a', 'almost-all': 'A', 'human-readable': 'h', directory: 'd', recursive: 'R', classify: 'F', reverse: 'r', 'numeric-uid-gid': 'n', 'color=': 'color', color: 'color', 'group-directories-first': 'gdf', help: 'help', version: 'version', 'width=': 'w' },
    });
    const o = new Output();
    if (!parsed.ok) {
      o.err(parsed.error);
      return o.done(2);
    }
    const f = parsed.opts.flags;
    if (f.has('version')) {
      o.out(gnuVersion(ctx.state.persona, 'ls', 'Richard M. Stallman and David MacKenzie'));
      return o.done(0);
    }
    const flags: LsFlags = { long: f.has('l') || f.has('n') || f.has('g'), human: f.has('h'), numeric: f.has('n'), classify: f.has('F'), slash: f.has('p'), inode: f.has('i') };
    const showAll = f.has('a') || f.has('f');
    const almostAll = f.has('A');
    const tty = ctx.tty && !f.has('1');
    const width = Number.parseInt(parsed.opts.values.get('w') ?? ctx.env.get('COLUMNS') ?? '80', 10) || 80;
    const locale = ctx.env.get('LC_ALL') ?? ctx.env.get('LC_COLLATE') ?? ctx.env.get('LANG') ?? 'C';
    const fs = ctx.state.fs;
    let code = 0;
    const sortEntries = (list: Entry[]): Entry[] => {
      if (f.has('U') || f.has('f')) return list;
      const sorted = [...list].sort((a, b) => {
        if (f.has('t')) return fs.mtimeOf(b.node) - fs.mtimeOf(a.node) || compareNames(locale, a.name, b.name);
        if (f.has('S')) return fs.sizeOf(b.node) - fs.sizeOf(a.node) || compareNames(locale, a.name, b.name);
        return compareNames(locale, a.name, b.name);
      });
      return f.has('r') ? sorted.reverse() : sorted;
    };
    const render = (list: Entry[]): string => {
      if (list.length === 0) return '';
      if (flags.long) return longLines(ctx, list, flags, ctx.tty).join('\n') + '\n';
      const names = list.map((e) => shortName(e, flags, ctx.tty));
      return tty && !f.has('1') ? columns(names, width) : names.join('\n') + '\n';
    };
    const listDir = (path: string, display: string): { text: string; subdirs: Entry[] } | null => {
      const names = fs.readdir(path, ctx.cred);
      if (!names.ok) {
        o.err(`ls: cannot open directory ${q(display)}: ${ERRNO_TEXT[names.errno]}\n`);
        code = 2;
        return null;
      }
      const entries: Entry[] = [];
      const all = showAll ? ['.', '..', ...names.value] : names.value;
      for (const name of all.slice(0, LIMITS.maxWalkEntries)) {
        if (!showAll && !almostAll && name.startsWith('.')) continue;
        const child = name === '.' ? path : name === '..' ? resolvePath(path, '..') : joinPath(path, name);
        const st = fs.lstat(child, ctx.cred);
        if (!st.ok) continue;
        entries.push({ name, path: child, node: st.value.node });
      }
      const sorted = sortEntries(entries);
      const total = flags.long ? `total ${sorted.reduce((n, e) => n + blocksKb(ctx, e.node), 0)}\n` : '';
      const subdirs = sorted.filter((e) => e.node.kind === 'dir' && e.name !== '.' && e.name !== '..');
      return { text: total + render(sorted), subdirs };
    };

    const operands = parsed.opts.operands.length > 0 ? parsed.opts.operands : ['.'];
    const files: Entry[] = [];
    const dirs: Entry[] = [];
    for (const op of operands) {
      const path = resolvePath(ctx.state.cwd, op);
      const st = flags.long || f.has('d') ? fs.lstat(path, ctx.cred) : fs.stat(path, ctx.cred);
      const followed = st.ok && st.value.node.kind === 'link' && !f.has('d') && !op.endsWith('/') ? fs.stat(path, ctx.cred) : null;
      if (!st.ok) {
        o.err(`ls: cannot access ${q(op)}: ${ERRNO_TEXT[st.errno]}\n`);
        code = 2;
        continue;
      }
      const node = followed?.ok && followed.value.node.kind === 'dir' && !flags.long ? followed.value.node : st.value.node;
      const entry: Entry = { name: op, path, node };
      if (node.kind === 'dir' && !f.has('d')) dirs.push(entry);
      else files.push(entry);
    }
    let printed = false;
    if (files.length > 0) {
      o.out(render(sortEntries(files)));
      printed = true;
    }
    const headers = operands.length > 1 || f.has('R');
    const queue = sortEntries(dirs);
    let visited = 0;
    while (queue.length > 0 && visited++ < LIMITS.maxWalkEntries) {
      const d = queue.shift();
      if (!d) break;
      if (printed) o.out('\n');
      if (headers) o.out(`${d.name}:\n`);
      const listing = listDir(d.path, d.name);
      printed = true;
      if (!listing) continue;
      o.out(listing.text);
      if (f.has('R')) queue.unshift(...listing.subdirs.map((s) => ({ ...s, name: d.name === '/' ? `/${s.name}` : `${d.name}/${s.name}` })));
    }
    return o.done(code);
  },
};
