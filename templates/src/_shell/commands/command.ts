// command (bash builtin): `command -v`/`-V` report like `type` from the same PATH search, so they
// agree with `which`, `type` and "command not found"; `command cmd args` runs cmd without aliases.

import type { CommandSpec } from './types';
import { Output } from './types';
import { searchPath } from './which';
import { BASH_BUILTINS } from './type';

export const command: CommandSpec = {
  name: 'command',
  builtin: true,
  run(ctx) {
    const o = new Output();
    const args = ctx.argv.slice(1);
    const flag = args[0] === '-v' || args[0] === '-V' ? args.shift() : undefined;
    if (flag === undefined) {
      if (args.length === 0) return o.done(0);
      return ctx.run(args, { stdin: ctx.stdin });
    }
    let code = 0;
    for (const name of args) {
      const alias = ctx.state.aliases.get(name);
      const found = searchPath(ctx, name, false)[0];
      if (alias !== undefined) o.out(flag === '-v' ? `alias ${name}='${alias}'\n` : `${name} is aliased to \`${alias}'\n`);
      else if (BASH_BUILTINS.has(name)) o.out(flag === '-v' ? `${name}\n` : `${name} is a shell builtin\n`);
      else if (found !== undefined) o.out(flag === '-v' ? `${found}\n` : `${name} is ${found}\n`);
      else {
        if (flag === '-V') o.err(`${ctx.shellPrefix}: command: ${name}: not found\n`);
        code = 1;
      }
    }
    return o.done(code);
  },
};
