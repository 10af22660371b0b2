// mkdir(1): -p (parents, no error if existing), -m MODE, -v; coreutils error wording.

import type { CommandSpec } from './types';
import { Output, q } from './types';
import { getopt } from './getopt';
import { parseMode } from './chmod';
import { components, resolvePath } from '../fs/path';
import { ERRNO_TEXT } from '../fs/vfs-types';

export const mkdir: CommandSpec = {
  name: 'mkdir',
  path: '/usr/bin/mkdir',
  run(ctx) {
    const o = new Output();
    const parsed = getopt('mkdir', ctx.argv.slice(1), { flags: 'pv', withArg: 'm', long: { parents: 'p', verbose: 'v', 'mode=': 'm' } });
    if (!parsed.ok) {
      o.err(parsed.error);
      return o.done(1);
    }
    const { flags, values, operands } = parsed.opts;
    if (operands.length === 0) {
      o.err("mkdir: missing operand\nTry 'mkdir --help' for more information.\n");
      return o.done(1);
    }
    const umask = ctx.user.uid === 0 ? 0o022 : 0o002;
    let mode = 0o777 & ~umask;
    const m = values.get('m');
    if (m !== undefined) {
      const parsedMode = parseMode(m, 0o777, true);
      if (parsedMode === null) {
        o.err(`mkdir: invalid mode ${q(m)}\n`);
        return o.done(1);
      }
      mode = parsedMode;
    }
    const fs = ctx.state.fs;
    let code = 0;
    for (const op of operands) {
      const path = resolvePath(ctx.state.cwd, op);
      if (flags.has('p')) {
        let cur = '';
        for (const part of components(path)) {
          cur += `/${part}`;
          const st = fs.stat(cur, ctx.cred);
          if (st.ok) {
            if (st.value.node.kind !== 'dir') {
              o.err(`mkdir: cannot create directory ${q(op)}: Not a directory\n`);
              code = 1;
              break;
            }
            continue;
          }
          const r = fs.mkdir(cur, ctx.cred, cur === path ? mode : 0o777 & ~umask);
          if (!r.ok) {
            o.err(`mkdir: cannot create directory ${q(cur === path ? op : cur)}: ${ERRNO_TEXT[r.errno]}\n`);
            code = 1;
            break;
          }
          if (flags.has('v')) o.out(`mkdir: created directory ${q(cur)}\n`);
        }
        continue;
      }
      const r = fs.mkdir(path, ctx.cred, mode);
      if (!r.ok) {
        o.err(`mkdir: cannot create directory ${q(op)}: ${ERRNO_TEXT[r.errno]}\n`);
        code = 1;
      } else if (flags.has('v')) o.out(`mkdir: created directory ${q(op)}\n`);
    }
    return o.done(code);
  },
};
