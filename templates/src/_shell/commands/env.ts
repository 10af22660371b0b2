// env(1): print the environment, or run a command with NAME=value additions (-i starts empty).

import type { CommandSpec } from './types';
import { err, out } from './types';

export const env: CommandSpec = {
  name: 'env',
  path: '/usr/bin/env',
  run(ctx) {
    const args = ctx.argv.slice(1);
    let clean = false;
    const extra = new Map<string, string>();
    while (args.length > 0) {
      const a = args[0] ?? '';
      if (a === '-i' || a === '-' || a === '--ignore-environment') clean = true;
      else if (a === '-u' || a === '--unset') args.shift();
      else if (a === '--') {
        args.shift();
        break;
      } else if (a.startsWith('-')) return err(`env: invalid option -- '${a.slice(1, 2)}'\nTry 'env --help' for more information.\n`, 125);
      else if (/^[^=]+=/.test(a)) extra.set(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1));
      else break;
      args.shift();
    }
    if (args.length === 0) {
      const vars = new Map(clean ? [] : ctx.env);
      for (const [k, v] of extra) vars.set(k, v);
      if (!clean) vars.set('_', '/usr/bin/env');
      return out([...vars].map(([k, v]) => `${k}=${v}`).join('\n') + (vars.size ? '\n' : ''));
    }
    const r = ctx.run(args, { stdin: ctx.stdin, env: extra });
    if (r.notFound) return err(`env: '${args[0] ?? ''}': No such file or directory\n`, 127);
    return r;
  },
};
