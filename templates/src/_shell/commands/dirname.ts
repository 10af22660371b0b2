// dirname(1): path without its last component.

import type { CommandSpec } from './types';
import { err, out } from './types';

export const dirnameCmd: CommandSpec = {
  name: 'dirname',
  path: '/usr/bin/dirname',
  run(ctx) {
    const name = ctx.argv[1];
    if (name === undefined) return err("dirname: missing operand\nTry 'dirname --help' for more information.\n");
    const t = name.replace(/\/+$/, '');
    const i = t.lastIndexOf('/');
    return out(`${i < 0 ? '.' : i === 0 ? '/' : t.slice(0, i).replace(/\/+$/, '') || '/'}\n`);
  },
};
