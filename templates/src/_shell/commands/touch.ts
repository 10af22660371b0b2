// touch(1): create empty files or update timestamps; -c (no create), -a/-m/-d/-t/-r accepted.

import type { CommandSpec } from './types';
import { Output, q } from './types';
import { getopt } from './getopt';
import { resolvePath } from '../fs/path';
import { ERRNO_TEXT } from '../fs/vfs-types';

export const touch: CommandSpec = {
  name: 'touch',
  path: '/usr/bin/touch',
  run(ctx) {
    const o = new Output();
    const parsed = getopt('touch', ctx.argv.slice(1), { flags: 'acfmh', withArg: 'drt', long: { 'no-create': 'c', 'date=': 'd', 'reference=': 'r', 'no-dereference': 'h', 'time=': 'time' } });
    if (!parsed.ok) {
      o.err(parsed.error);
      return o.done(1);
    }
    const { flags, values, operands } = parsed.opts;
    if (operands.length === 0) {
      o.err("touch: missing file operand\nTry 'touch --help' for more information.\n");
      return o.done(1);
    }
    let when: number | undefined;
    const ref = values.get('r');
    if (ref !== undefined) {
      const st = ctx.state.fs.stat(resolvePath(ctx.state.cwd, ref), ctx.cred);
      if (!st.ok) {
        o.err(`touch: failed to get attributes of ${q(ref)}: ${ERRNO_TEXT[st.errno]}\n`);
        return o.done(1);
      }
      when = st.value.node.mtimeMs;
    }
    let code = 0;
    for (const op of operands) {
      const path = resolvePath(ctx.state.cwd, op);
      if (flags.has('c') && !ctx.state.fs.stat(path, ctx.cred).ok) continue;
      const r = ctx.state.fs.touch(path, ctx.cred, when);
      if (!r.ok) {
        o.err(r.errno === 'EACCES' && ctx.state.fs.stat(path, ctx.cred).ok ? `touch: setting times of ${q(op)}: Permission denied\n` : `touch: cannot touch ${q(op)}: ${ERRNO_TEXT[r.errno]}\n`);
        code = 1;
      }
    }
    return o.done(code);
  },
};
