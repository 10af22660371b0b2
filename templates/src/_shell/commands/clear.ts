// clear(1): the xterm "clear screen and scrollback" sequence ncurses emits.

import type { CommandSpec } from './types';
import { out } from './types';

export const clear: CommandSpec = {
  name: 'clear',
  path: '/usr/bin/clear',
  run() {
    return out('\x1b[H\x1b[2J\x1b[3J');
  },
};
