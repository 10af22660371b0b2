// sleep(1): validates its operands like coreutils, then returns at once (the emulator never blocks).

import type { CommandSpec } from './types';
import { err, out } from './types';

export const sleep: CommandSpec = {
  name: 'sleep',
  path: '/usr/bin/sleep',
  run(ctx) {
    const args = ctx.argv.slice(1);
    if (args.length === 0) return err("sleep: missing operand\nTry 'sleep --help' for more information.\n");
    for (const a of args) {
      if (!/^(\d+(\.\d*)?|\.\d+)[smhd]?$/.test(a) && a !== 'infinity') {
        return err(`sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n`);
      }
    }
    return out('');
  },
};
