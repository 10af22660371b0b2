// cp(1): files and (-r/-R/-a) directory trees, into a directory target, -f -v -p -n; coreutils
// wording ("cannot stat", "-r not specified; omitting directory", "cannot create regular file").

import type { CommandContext, CommandSpec } from './types';
import { Output, q } from './types';
import { getopt } from './getopt';
import { basename, joinPath, resolvePath } from '../fs/path';
import { ERRNO_TEXT } from '../fs/vfs-types';
import { LIMITS } from '../limits';

function copyTree(ctx: CommandContext, src: string, dest: string, shownSrc: string, shownDest: string, o: Output, verbose: boolean, budget: { n: number }): boolean {
  const fs = ctx.state.fs;
  if (budget.n++ > LIMITS.maxWalkEntries) return false;
  const st = fs.stat(src, ctx.cred);
  if (!st.ok) {
    o.err(`cp: cannot stat ${q(shownSrc)}: ${ERRNO_TEXT[st.errno]}\n`);
    return false;
  }
  if (st.value.node.kind !== 'dir') {
    const r = fs.copyFile(src, dest, ctx.cred);
    if (!r.ok) {
      const readable = fs.readFile(src, ctx.cred);
      o.err(!readable.ok ? `cp: cannot open ${q(shownSrc)} for reading: ${ERRNO_TEXT[readable.errno]}\n` : `cp: cannot create regular file ${q(shownDest)}: ${ERRNO_TEXT[r.errno]}\n`);
      return false;
    }
    if (verbose) o.out(`${q(shownSrc)} -> ${q(shownDest)}\n`);
    return true;
  }
  if (!fs.stat(dest, ctx.cred).ok) {
    const r = fs.mkdir(dest, ctx.cred, st.value.node.mode & 0o777);
    if (!r.ok) {
      o.err(`cp: cannot create directory ${q(shownDest)}: ${ERRNO_TEXT[r.errno]}\n`);
      return false;
    }
    if (verbose) o.out(`${q(shownSrc)} -> ${q(shownDest)}\n`);
  }
  const list = fs.readdir(src, ctx.cred);
  if (!list.ok) {
    o.err(`cp: cannot access ${q(shownSrc)}: ${ERRNO_TEXT[list.errno]}\n`);
    return false;
  }
  let ok = true;
  for (const name of list.value) {
    if (!copyTree(ctx, joinPath(src, name), joinPath(dest, name), `${shownSrc}/${name}`, `${shownDest}/${name}`, o, verbose, budget)) ok = false;
  }
  return ok;
}

export const cp: CommandSpec = {
  name: 'cp',
  path: '/usr/bin/cp',
  run(ctx) {
    const o = new Output();
    const parsed = getopt('cp', ctx.argv.slice(1), { flags: 'rRafpvnidulsPHLxT', withArg: 't', long: { recursive: 'r', archive: 'a', force: 'f', 'preserve=': 'preserve', preserve: 'p', verbose: 'v', 'no-clobber': 'n', interactive: 'i', 'target-directory=': 't', 'no-target-directory': 'T', update: 'u' } });
    if (!parsed.ok) {
      o.err(parsed.error);
      return o.done(1);
    }
    const { flags, values, operands } = parsed.opts;
    const recursive = flags.has('r') || flags.has('R') || flags.has('a');
    const targetOpt = values.get('t');
    const sources = targetOpt !== undefined ? operands : operands.slice(0, -1);
    const target = targetOpt ?? operands[operands.length - 1];
    if (operands.length === 0 || target === undefined) {
      o.err("cp: missing file operand\nTry 'cp --help' for more information.\n");
      return o.done(1);
    }
    if (sources.length === 0) {
      o.err(`cp: missing destination file operand after ${q(target)}\nTry 'cp --help' for more information.\n`);
      return o.done(1);
    }
    const fs = ctx.state.fs;
    const targetPath = resolvePath(ctx.state.cwd, target);
    const tst = fs.stat(targetPath, ctx.cred);
    const intoDir = tst.ok && tst.value.node.kind === 'dir' && !flags.has('T');
    if (sources.length > 1 && !intoDir) {
      o.err(`cp: target ${q(target)} is not a directory\n`);
      return o.done(1);
    }
    let code = 0;
    const budget = { n: 0 };
    for (const src of sources) {
      const srcPath = resolvePath(ctx.state.cwd, src);
      const sst = fs.stat(srcPath, ctx.cred);
      if (!sst.ok) {
        o.err(`cp: cannot stat ${q(src)}: ${ERRNO_TEXT[sst.errno]}\n`);
        code = 1;
        continue;
      }
      if (sst.value.node.kind === 'dir' && !recursive) {
        o.err(`cp: -r not specified; omitting directory ${q(src)}\n`);
        code = 1;
        continue;
      }
      const dest = intoDir ? joinPath(targetPath, basename(srcPath)) : targetPath;
      const shown = intoDir ? `${target.replace(/\/$/, '')}/${basename(src)}` : target;
      if (dest === srcPath) {
        o.err(`cp: ${q(src)} and ${q(shown)} are the same file\n`);
        code = 1;
        continue;
      }
      if (flags.has('n') && fs.stat(dest, ctx.cred).ok) continue;
      if (!copyTree(ctx, srcPath, dest, src, shown, o, flags.has('v'), budget)) code = 1;
    }
    return o.done(code);
  },
};
