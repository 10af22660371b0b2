// rm(1): files, -r/-R recursion (bounded), -f, -d, -v, --preserve-root; every refusal worded like
// GNU coreutils ("cannot remove 'x': No such file or directory", "Is a directory", "Permission denied").

import type { CommandContext, CommandSpec } from './types';
import { Output, q } from './types';
import { getopt } from './getopt';
import { basename, joinPath, resolvePath } from '../fs/path';
import { ERRNO_TEXT } from '../fs/vfs-types';
import { LIMITS } from '../limits';

function removeTree(ctx: CommandContext, path: string, display: string, o: Output, verbose: boolean, budget: { n: number }): boolean {
  const fs = ctx.state.fs;
  if (budget.n++ > LIMITS.maxWalkEntries) return false;
  const st = fs.lstat(path, ctx.cred);
  if (!st.ok) {
    o.err(`rm: cannot remove ${q(display)}: ${ERRNO_TEXT[st.errno]}\n`);
    return false;
  }
  if (st.value.node.kind !== 'dir') {
    const r = fs.unlink(path, ctx.cred);
    if (!r.ok) {
      o.err(`rm: cannot remove ${q(display)}: ${ERRNO_TEXT[r.errno]}\n`);
      return false;
    }
    if (verbose) o.out(`removed ${q(display)}\n`);
    return true;
  }
  const list = fs.readdir(path, ctx.cred);
  let ok = true;
  if (!list.ok) {
    o.err(`rm: cannot remove ${q(display)}: ${ERRNO_TEXT[list.errno]}\n`);
    return false;
  }
  for (const name of list.value) {
    if (!removeTree(ctx, joinPath(path, name), display.endsWith('/') ? `${display}${name}` : `${display}/${name}`, o, verbose, budget)) ok = false;
  }
  if (!ok) return false;
  const r = fs.rmdir(path, ctx.cred);
  if (!r.ok) {
    o.err(`rm: cannot remove ${q(display)}: ${ERRNO_TEXT[r.errno]}\n`);
    return false;
  }
  if (verbose) o.out(`removed directory ${q(display)}\n`);
  return true;
}

export const rm: CommandSpec = {
  name: 'rm',
  path: '/usr/bin/rm',
  run(ctx) {
    const o = new Output();
    const parsed = getopt('rm', ctx.argv.slice(1), { flags: 'rRfidvI', long: { recursive: 'r', force: 'f', interactive: 'i', 'interactive=': 'i', dir: 'd', verbose: 'v', 'no-preserve-root': 'npr', 'preserve-root': 'pr', 'one-file-system': 'ofs' } });
    if (!parsed.ok) {
      o.err(parsed.error);
      return o.done(1);
    }
    const { flags, operands } = parsed.opts;
    const force = flags.has('f');
    const recursive = flags.has('r') || flags.has('R');
    if (operands.length === 0) {
      if (force) return o.done(0);
      o.err("rm: missing operand\nTry 'rm --help' for more information.\n");
      return o.done(1);
    }
    const fs = ctx.state.fs;
    let code = 0;
    const budget = { n: 0 };
    for (const op of operands) {
      const path = resolvePath(ctx.state.cwd, op);
      const base = basename(op);
      if (recursive && path === '/' && !flags.has('npr')) {
        o.err("rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n");
        code = 1;
        continue;
      }
      if (base === '.' || base === '..') {
        o.err(`rm: refusing to remove '.' or '..' directory: skipping ${q(op)}\n`);
        code = 1;
        continue;
      }
      const st = fs.lstat(path, ctx.cred);
      if (!st.ok) {
        if (!(force && st.errno === 'ENOENT')) {
          o.err(`rm: cannot remove ${q(op)}: ${ERRNO_TEXT[st.errno]}\n`);
          code = 1;
        }
        continue;
      }
      if (st.value.node.kind === 'dir') {
        if (recursive) {
          if (!removeTree(ctx, path, op, o, flags.has('v'), budget)) code = 1;
          continue;
        }
        if (flags.has('d')) {
          const r = fs.rmdir(path, ctx.cred);
          if (!r.ok) {
            o.err(`rm: cannot remove ${q(op)}: ${ERRNO_TEXT[r.errno]}\n`);
            code = 1;
          } else if (flags.has('v')) o.out(`removed directory ${q(op)}\n`);
          continue;
        }
        o.err(`rm: cannot remove ${q(op)}: Is a directory\n`);
        code = 1;
        continue;
      }
      const r = fs.unlink(path, ctx.cred);
      if (!r.ok) {
        o.err(`rm: cannot remove ${q(op)}: ${ERRNO_TEXT[r.errno]}\n`);
        code = 1;
      } else if (flags.has('v')) o.out(`removed ${q(op)}\n`);
    }
    return o.done(code);
  },
};
