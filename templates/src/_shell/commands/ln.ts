// ln(1): symbolic links (-s) in the overlay; hard links are emulated as copies. -f replaces.

import type { CommandSpec } from './types';
import { Output, q } from './types';
import { getopt } from './getopt';
import { basename, joinPath, resolvePath } from '../fs/path';
import { ERRNO_TEXT } from '../fs/vfs-types';

export const ln: CommandSpec = {
  name: 'ln',
  path: '/usr/bin/ln',
  run(ctx) {
    const o = new Output();
    const parsed = getopt('ln', ctx.argv.slice(1), { flags: 'sfnvrTiL', long: { symbolic: 's', force: 'f', 'no-dereference': 'n', verbose: 'v', relative: 'r' } });
    if (!parsed.ok) {
      o.err(parsed.error);
      return o.done(1);
    }
    const { flags, operands } = parsed.opts;
    const target = operands[0];
    if (target === undefined) {
      o.err("ln: missing file operand\nTry 'ln --help' for more information.\n");
      return o.done(1);
    }
    const fs = ctx.state.fs;
    const linkArg = operands[1] ?? basename(target);
    let linkPath = resolvePath(ctx.state.cwd, linkArg);
    const lst = fs.stat(linkPath, ctx.cred);
    if (lst.ok && lst.value.node.kind === 'dir' && !flags.has('n')) linkPath = joinPath(linkPath, basename(target));
    if (flags.has('f') && fs.lstat(linkPath, ctx.cred).ok) fs.unlink(linkPath, ctx.cred);
    if (!flags.has('s')) {
      const src = fs.stat(resolvePath(ctx.state.cwd, target), ctx.cred);
      if (!src.ok) {
        o.err(`ln: failed to access ${q(target)}: ${ERRNO_TEXT[src.errno]}\n`);
        return o.done(1);
      }
      if (src.value.node.kind === 'dir') {
        o.err(`ln: ${q(target)}: hard link not allowed for directory\n`);
        return o.done(1);
      }
    }
    const r = flags.has('s') ? fs.symlink(target, linkPath, ctx.cred) : fs.copyFile(resolvePath(ctx.state.cwd, target), linkPath, ctx.cred);
    if (!r.ok) {
      const verb = flags.has('s') ? 'create symbolic link' : 'create hard link';
      o.err(`ln: failed to ${verb} ${q(operands[1] ?? basename(target))}${r.errno === 'EEXIST' ? '' : ''}: ${ERRNO_TEXT[r.errno]}\n`);
      return o.done(1);
    }
    if (flags.has('v')) o.out(`${q(linkArg)} -> ${q(target)}\n`);
    return o.done(0);
  },
};
