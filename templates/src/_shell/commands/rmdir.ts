// rmdir(1): remove empty directories (-p parents, --ignore-fail-on-non-empty).

import type { CommandSpec } from './types';
import { Output, q } from './types';
import { getopt } from './getopt';
import { dirname, resolvePath } from '../fs/path';
import { ERRNO_TEXT } from '../fs/vfs-types';

export const rmdir: CommandSpec = {
  name: 'rmdir',
  path: '/usr/bin/rmdir',
  run(ctx) {
    const o = new Output();
    const parsed = getopt('rmdir', ctx.argv.slice(1), { flags: 'pv', long: { parents: 'p', verbose: 'v', 'ignore-fail-on-non-empty': 'ignore' } });
    if (!parsed.ok) {
      o.err(parsed.error);
      return o.done(1);
    }
    const { flags, operands } = parsed.opts;
    if (operands.length === 0) {
      o.err("rmdir: missing operand\nTry 'rmdir --help' for more information.\n");
      return o.done(1);
    }
    let code = 0;
    for (const op of operands) {
      let path = resolvePath(ctx.state.cwd, op);
      let display = op;
      while (true) {
        const r = ctx.state.fs.rmdir(path, ctx.cred);
        if (!r.ok) {
          if (!(r.errno === 'ENOTEMPTY' && flags.has('ignore'))) {
            o.err(`rmdir: failed to remove ${q(display)}: ${ERRNO_TEXT[r.errno]}\n`);
            code = 1;
          }
          break;
        }
        if (!flags.has('p') || !display.includes('/')) break;
        display = display.slice(0, display.lastIndexOf('/'));
        path = dirname(path);
        if (display === '') break;
      }
    }
    return o.done(code);
  },
};
