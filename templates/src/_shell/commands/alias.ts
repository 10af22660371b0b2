// alias / unalias (bash builtins), with bash's single-quote style when listing.

import type { CommandSpec } from './types';
import { result } from './types';

function quoted(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

export const alias: CommandSpec = {
  name: 'alias',
  builtin: true,
  run(ctx) {
    const a = ctx.state.aliases;
    const args = ctx.argv.slice(1).filter((x) => x !== '-p');
    if (args.length === 0) {
      const names = [...a.keys()].sort();
      return result(names.map((n) => `alias ${n}=${quoted(a.get(n) ?? '')}`).join('\n') + (names.length ? '\n' : ''), '', 0);
    }
    let stdout = '';
    let stderr = '';
    for (const arg of args) {
      const eq = arg.indexOf('=');
      if (eq > 0) {
        if (a.size < 256) a.set(arg.slice(0, eq), arg.slice(eq + 1).slice(0, 1024));
      } else if (a.has(arg)) stdout += `alias ${arg}=${quoted(a.get(arg) ?? '')}\n`;
      else stderr += `${ctx.shellPrefix}: alias: ${arg}: not found\n`;
    }
    return result(stdout, stderr, stderr ? 1 : 0);
  },
};

export const unalias: CommandSpec = {
  name: 'unalias',
  builtin: true,
  run(ctx) {
    let stderr = '';
    for (const arg of ctx.argv.slice(1)) {
      if (arg === '-a') ctx.state.aliases.clear();
      else if (!ctx.state.aliases.delete(arg)) stderr += `${ctx.shellPrefix}: unalias: ${arg}: not found\n`;
    }
    return result('', stderr, stderr ? 1 : 0);
  },
};
