// whoami(1): the effective user (root after `sudo -i` or `su`).

import type { CommandSpec } from './types';
import { err, out } from './types';

export const whoami: CommandSpec = {
  name: 'whoami',
  path: '/usr/bin/whoami',
  run(ctx) {
    const extra = ctx.argv[1];
    if (extra !== undefined && extra.startsWith('-') && extra !== '--') return err(`whoami: invalid option -- '${extra.slice(1, 2)}'\nTry 'whoami --help' for more information.\n`);
    if (extra !== undefined && extra !== '--') return err(`whoami: extra operand '${extra}'\nTry 'whoami --help' for more information.\n`);
    return out(`${ctx.user.name}\n`);
  },
};
