// vi / vim.tiny: an editor cannot run inside this emulation, so it behaves as vim does when its
// terminal is not a tty: the warnings; on a terminal it draws one screen and leaves as after ":q".

import type { CommandSpec } from './types';
import { Output } from './types';
import { resolvePath } from '../fs/path';

export const vi: CommandSpec = {
  name: 'vi',
  path: '/usr/bin/vi',
  run(ctx) {
    const o = new Output();
    if (ctx.argv[1] === '--version') {
      o.out('VIM - Vi IMproved 9.0 (2022 Jun 28, compiled May 04 2023 10:24:44)\nIncluded patches: 1-1378\nSmall version without GUI.  Features included (+) or not (-):\n');
      return o.done(0);
    }
    if (!ctx.tty || ctx.stdin !== null) {
      o.err('Vim: Warning: Output is not to a terminal\n');
      if (ctx.stdin !== null) o.err('Vim: Warning: Input is not from a terminal\n');
      return o.done(1);
    }
    // A minimal screen: the file's first lines, tildes and vim's status line, then back to the shell.
    const name = ctx.argv.slice(1).find((x) => !x.startsWith('-') && !x.startsWith('+'));
    const r = name === undefined ? null : ctx.state.fs.readFile(resolvePath(ctx.state.cwd, name), ctx.cred);
    const text = r?.ok ? r.value : '';
    const rows = text === '' ? [] : text.split('\n').slice(0, 22);
    if (text.endsWith('\n')) rows.pop();
    const screen = [...rows, ...Array.from({ length: Math.max(0, 22 - rows.length) }, () => '~')];
    const status = name === undefined ? '' : r?.ok ? `"${name}" ${text.split('\n').length - (text.endsWith('\n') ? 1 : 0)}L, ${text.length}B` : `"${name}" [New]`;
    o.out(`\x1b[?1049h\x1b[H\x1b[2J${screen.join('\n')}\n${status}\x1b[?1049l`);
    return o.done(0);
  },
};
