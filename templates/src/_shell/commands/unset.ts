// unset (bash builtin): remove shell variables (and their export); readonly specials are refused.

import type { CommandSpec } from './types';
import { result } from './types';

const READONLY = new Set(['UID', 'EUID', 'PPID', 'BASHOPTS', 'SHELLOPTS']);

export const unset: CommandSpec = {
  name: 'unset',
  builtin: true,
  run(ctx) {
    let stderr = '';
    for (const name of ctx.argv.slice(1)) {
      if (name === '-v' || name === '-f') continue;
      if (READONLY.has(name)) {
        stderr += `${ctx.shellPrefix}: unset: ${name}: cannot unset: readonly variable\n`;
        continue;
      }
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        stderr += `${ctx.shellPrefix}: unset: \`${name}': not a valid identifier\n`;
        continue;
      }
      ctx.state.vars.delete(name);
      ctx.state.exported.delete(name);
    }
    return result('', stderr, stderr ? 1 : 0);
  },
};
