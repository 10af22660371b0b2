// less / more: on a pipe or a file they copy their input to the terminal the way a pager does when
// the whole text fits the screen (less -F behaviour, more's behaviour on non-ttys); errors as less words them.

import type { CommandSpec } from './types';
import { Output } from './types';
import { readInputs } from './inputs';

function makePager(name: 'less' | 'more', path: string): CommandSpec {
  return {
    name,
    path,
    run(ctx) {
      const o = new Output();
      const names = ctx.argv.slice(1).filter((a) => !a.startsWith('-') && !a.startsWith('+'));
      if (names.length === 0 && ctx.stdin === null) {
        o.err(name === 'less' ? 'Missing filename ("less --help" for help)\n' : 'more: bad usage\nTry \'more --help\' for more information.\n');
        return o.done(1);
      }
      let code = 0;
      const inputs = readInputs(ctx, names);
      for (const input of inputs) {
        if (!input.ok) {
          o.err(input.errno === 'EISDIR' ? `${input.name} is a directory\n` : `${input.name}: ${input.errno === 'ENOENT' ? 'No such file or directory' : 'Permission denied'}\n`);
          code = 1;
          continue;
        }
        if (name === 'more' && inputs.length > 1) o.out(`::::::::::::::\n${input.name}\n::::::::::::::\n`);
        o.out(input.text);
      }
      return o.done(code);
    },
  };
}

export const less = makePager('less', '/usr/bin/less');
export const more = makePager('more', '/usr/bin/more');
