// export (bash builtin): mark variables for the environment, or list them as `declare -x` lines.

import type { CommandSpec } from './types';
import { result } from './types';
import { setVar } from '../state';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function declareLine(name: string, value: string | undefined): string {
  if (value === undefined) return `declare -x ${name}`;
  return `declare -x ${name}="${value.replace(/(["\\$`])/g, '\\$1')}"`;
}

export const exportCmd: CommandSpec = {
  name: 'export',
  builtin: true,
  run(ctx) {
    const s = ctx.state;
    const args = ctx.argv.slice(1).filter((a) => a !== '--');
    let unexport = false;
    if (args[0] === '-n') {
      unexport = true;
      args.shift();
    }
    if (args.length === 0 || (args.length === 1 && args[0] === '-p')) {
      const names = [...s.exported].sort();
      return result(names.map((n) => declareLine(n, s.vars.get(n))).join('\n') + (names.length ? '\n' : ''), '', 0);
    }
    let stderr = '';
    for (const a of args) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a : a.slice(0, eq);
      if (!NAME.test(name)) {
        stderr += `${ctx.shellPrefix}: export: \`${a}': not a valid identifier\n`;
        continue;
      }
      if (unexport) {
        s.exported.delete(name);
        continue;
      }
      if (eq >= 0) setVar(s, name, a.slice(eq + 1), true);
      else s.exported.add(name);
    }
    return result('', stderr, stderr ? 1 : 0);
  },
};
