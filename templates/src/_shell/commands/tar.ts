// tar(1) (GNU tar 1.34): -c/-t/-x with -f, -z, -v, -C over the virtual filesystem, real ustar (and
// gzip) bytes so archives made here list elsewhere; GNU's "Removing leading `/'" and error wording.

import type { CommandContext, CommandSpec } from './types';
import { Output } from './types';
import { resolvePath } from '../fs/path';
import { ERRNO_TEXT } from '../fs/vfs-types';
import { collect } from '../fs/vfs-ops';
import { strftime } from '../sys/time-format';
import { modeString } from '../fs/perms';
import type { TarEntry } from './tar-format';
import { gunzip, gzip, readTar, writeTar } from './tar-format';

interface TarOpts {
  mode: 'c' | 't' | 'x' | null;
  file: string | null;
  gz: boolean;
  verbose: boolean;
  dir: string | null;
  operands: string[];
}

function parse(argv: readonly string[]): TarOpts {
  const o: TarOpts = { mode: null, file: null, gz: false, verbose: false, dir: null, operands: [] };
  const args = [...argv];
  const first = args[0];
  if (first !== undefined && !first.startsWith('-') && /^[ctxzvfjpC]+$/.test(first)) args[0] = `-${first}`;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--gzip') o.gz = true;
    else if (a.startsWith('--file=')) o.file = a.slice(7);
    else if (a.startsWith('--directory=')) o.dir = a.slice(12);
    else if (a === '--create' || a === '--list' || a === '--extract') o.mode = a === '--create' ? 'c' : a === '--list' ? 't' : 'x';
    else if (a.startsWith('-') && !a.startsWith('--') && a.length > 1) {
      for (const c of a.slice(1)) {
        if (c === 'c' || c === 't' || c === 'x') o.mode = c;
        else if (c === 'z') o.gz = true;
        else if (c === 'v') o.verbose = true;
        else if (c === 'f') o.file = args[++i] ?? null;
        else if (c === 'C') o.dir = args[++i] ?? null;
      }
    } else o.operands.push(a);
  }
  return o;
}

function listLine(e: TarEntry, verbose: boolean): string {
  if (!verbose) return `${e.name}\n`;
  const node = { kind: e.kind, mode: e.mode, uid: e.uid, gid: e.gid, mtimeMs: e.mtimeMs };
  const ug = `${e.uname}/${e.gname}`;
  // GNU tar right-aligns the size so that owner/group and size fill 19 columns.
  return `${modeString(node)} ${ug} ${String(e.data.length).padStart(Math.max(1, 18 - ug.length))} ${strftime('%Y-%m-%d %H:%M', new Date(e.mtimeMs))} ${e.name}${e.kind === 'link' ? ` -> ${e.target}` : ''}\n`;
}

function create(ctx: CommandContext, t: TarOpts, o: Output): number {
  const fs = ctx.state.fs;
  const entries: TarEntry[] = [];
  let code = 0;
  let warned = false;
  const base = t.dir !== null ? resolvePath(ctx.state.cwd, t.dir) : ctx.state.cwd;
  for (const op of t.operands) {
    const path = resolvePath(base, op);
    const walked = collect(fs, path, ctx.cred);
    if (!walked.ok) {
      o.err(`tar: ${op}: Cannot stat: ${ERRNO_TEXT[walked.errno]}\n`);
      code = 2;
      continue;
    }
    let stored = op.replace(/^\/+/, '');
    if (stored !== op && !warned) {
      o.err("tar: Removing leading `/' from member names\n");
      warned = true;
    }
    if (stored === '') stored = '.';
    for (const [rel, node] of walked.value) {
      const name = `${stored}${rel}${node.kind === 'dir' ? '/' : ''}`;
      const data = node.kind === 'file' ? fs.readFile(`${path}${rel}`, ctx.cred) : null;
      if (data && !data.ok) {
        o.err(`tar: ${op}${rel}: Cannot open: ${ERRNO_TEXT[data.errno]}\n`);
        code = 2;
        continue;
      }
      const a = ctx.state.accounts;
      entries.push({ name, kind: node.kind === 'dir' ? 'dir' : node.kind === 'link' ? 'link' : 'file', mode: node.mode, uid: node.uid, gid: node.gid, uname: a.byUid(node.uid)?.name ?? '', gname: a.groupByGid(node.gid)?.name ?? '', mtimeMs: fs.mtimeOf(node), data: data?.ok ? data.value : '', target: node.target ?? '' });
      if (t.verbose) o.out(`${name}\n`);
    }
  }
  if (code !== 0 && entries.length === 0) {
    o.err('tar: Exiting with failure status due to previous errors\n');
    return 2;
  }
  const raw = writeTar(entries);
  const bytes = t.gz ? gzip(raw) : raw;
  if (t.file === null || t.file === '-') {
    o.out(bytes);
    return code;
  }
  const w = fs.writeFile(resolvePath(ctx.state.cwd, t.file), bytes, ctx.cred);
  if (!w.ok) {
    o.err(`tar: ${t.file}: Cannot open: ${ERRNO_TEXT[w.errno]}\ntar: Error is not recoverable: exiting now\n`);
    return 2;
  }
  if (code !== 0) o.err('tar: Exiting with failure status due to previous errors\n');
  return code;
}

function readArchive(ctx: CommandContext, t: TarOpts, o: Output): TarEntry[] | null {
  let raw: string;
  if (t.file === null || t.file === '-') raw = ctx.stdin ?? '';
  else {
    const r = ctx.state.fs.readFile(resolvePath(ctx.state.cwd, t.file), ctx.cred);
    if (!r.ok) {
      o.err(`tar: ${t.file}: Cannot open: ${ERRNO_TEXT[r.errno]}\ntar: Error is not recoverable: exiting now\n`);
      return null;
    }
    raw = r.value;
  }
  const data = raw.startsWith('\x1f\x8b') ? gunzip(raw) : raw;
  const entries = data === null ? null : readTar(data);
  if (entries === null) o.err(t.gz || raw.startsWith('\x1f\x8b') ? '\ngzip: stdin: not in gzip format\ntar: Child returned status 1\ntar: Error is not recoverable: exiting now\n' : 'tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\n');
  return entries;
}

export const tar: CommandSpec = {
  name: 'tar',
  path: '/usr/bin/tar',
  run(ctx) {
    const o = new Output();
    if (ctx.argv[1] === '--version') {
      o.out('tar (GNU tar) 1.34\nCopyright (C) 2021 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by John Gilmore and Jay Fenlason.\n');
      return o.done(0);
    }
    const t = parse(ctx.argv.slice(1));
    if (t.mode === null) {
      o.err("tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\nTry 'tar --help' or 'tar --usage' for more information.\n");
      return o.done(2);
    }
    if (t.mode === 'c') {
      if (t.operands.length === 0) {
        o.err("tar: Cowardly refusing to create an empty archive\nTry 'tar --help' or 'tar --usage' for more information.\n");
        return o.done(2);
      }
      return o.done(create(ctx, t, o));
    }
    const entries = readArchive(ctx, t, o);
    if (entries === null) return o.done(2);
    if (t.mode === 't') {
      for (const e of entries) o.out(listLine(e, t.verbose));
      return o.done(0);
    }
    const base = t.dir !== null ? resolvePath(ctx.state.cwd, t.dir) : ctx.state.cwd;
    let code = 0;
    for (const e of entries) {
      const path = resolvePath(base, e.name.replace(/^\/+/, ''));
      if (t.verbose) o.out(`${e.name}\n`);
      const r = e.kind === 'dir' ? (ctx.state.fs.stat(path, ctx.cred).ok ? { ok: true as const } : ctx.state.fs.mkdir(path, ctx.cred, e.mode & 0o777)) : e.kind === 'link' ? ctx.state.fs.symlink(e.target, path, ctx.cred) : ctx.state.fs.writeFile(path, e.data, ctx.cred);
      if (!r.ok) {
        o.err(`tar: ${e.name}: Cannot open: ${ERRNO_TEXT[r.errno]}\n`);
        code = 2;
      }
    }
    if (code !== 0) o.err('tar: Exiting with failure status due to previous errors\n');
    return o.done(code);
  },
};
