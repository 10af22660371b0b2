// mv(1): rename files and directories (into a directory when the target is one), -f/-n/-v/-t;
// coreutils errors ("cannot stat", "cannot move ... to ...", "target ... is not a directory").

import type { CommandSpec } from './types';
import { Output, q } from './types';
import { getopt } from './getopt';
import { basename, joinPath, resolvePath } from '../fs/path';
import { ERRNO_TEXT } from '../fs/vfs-types';

export const mv: CommandSpec = {
  name: 'mv',
  path: '/usr/bin/mv',
  run(ctx) {
    const o = new Output();
    const parsed = getopt('mv', ctx.argv.slice(1), { flags: 'finuvTb', withArg: 't', long: { force: 'f', interactive: 'i', 'no-clobber': 'n', update: 'u', verbose: 'v', 'target-directory=': 't', 'no-target-directory': 'T', backup: 'b' } });
    if (!parsed.ok) {
      o.err(parsed.error);
      return o.done(1);
    }
    const { flags, values, operands } = parsed.opts;
    const fs = ctx.state.fs;
    const targetOpt = values.get('t');
    const sources = targetOpt !== undefined ? operands : operands.slice(0, -1);
    const target = targetOpt ?? operands[operands.length - 1];
    if (operands.length === 0 || target === undefined) {
      o.err("mv: missing file operand\nTry 'mv --help' for more information.\n");
      return o.done(1);
    }
    if (sources.length === 0) {
      o.err(`mv: missing destination file operand after ${q(target)}\nTry 'mv --help' for more information.\n`);
      return o.done(1);
    }
    const targetPath = resolvePath(ctx.state.cwd, target);
    const tst = fs.stat(targetPath, ctx.cred);
    const intoDir = tst.ok && tst.value.node.kind === 'dir' && !flags.has('T');
    if (sources.length > 1 && !intoDir) {
      o.err(`mv: target ${q(target)} is not a directory\n`);
      return o.done(1);
    }
    let code = 0;
    for (const src of sources) {
      const srcPath = resolvePath(ctx.state.cwd, src);
      const sst = fs.lstat(srcPath, ctx.cred);
      if (!sst.ok) {
        o.err(`mv: cannot stat ${q(src)}: ${ERRNO_TEXT[sst.errno]}\n`);
        code = 1;
        continue;
      }
      const dest = intoDir ? joinPath(targetPath, basename(srcPath)) : targetPath;
      const shown = intoDir ? `${target.replace(/\/$/, '')}/${basename(src)}` : target;
      if (flags.has('n') && fs.lstat(dest, ctx.cred).ok) continue;
      if (dest === srcPath) {
        o.err(`mv: ${q(src)} and ${q(shown)} are the same file\n`);
        code = 1;
        continue;
      }
      const r = fs.rename(srcPath, dest, ctx.cred);
      if (!r.ok) {
        if (r.errno === 'EINVAL') o.err(`mv: cannot move ${q(src)} to a subdirectory of itself, ${q(shown)}\n`);
        else if (r.errno === 'EISDIR') o.err(`mv: cannot overwrite directory ${q(shown)} with non-directory\n`);
        else if (r.errno === 'ENOTDIR') o.err(`mv: cannot overwrite non-directory ${q(shown)} with directory ${q(src)}\n`);
        else o.err(`mv: cannot move ${q(src)} to ${q(shown)}: ${ERRNO_TEXT[r.errno]}\n`);
        code = 1;
      } else if (flags.has('v')) o.out(`renamed ${q(src)} -> ${q(shown)}\n`);
    }
    return o.done(code);
  },
};
