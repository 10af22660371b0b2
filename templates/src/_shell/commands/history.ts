// history (bash builtin): the .bash_history loaded at login plus this session's lines, numbered
// like bash ("  123  cmd"); -c clears, N shows the last N.

import type { CommandSpec } from './types';
import { err, out } from './types';

export const history: CommandSpec = {
  name: 'history',
  builtin: true,
  run(ctx) {
    const s = ctx.state;
    const arg = ctx.argv[1];
    if (arg === '-c') {
      s.history.length = 0;
      return out('');
    }
    if (arg === '-w' || arg === '-a' || arg === '-r' || arg === '-n') return out('');
    if (arg === '-d') {
      const n = Number.parseInt(ctx.argv[2] ?? '', 10);
      if (!Number.isInteger(n) || n < 1 || n > s.history.length) return err(`${ctx.shellPrefix}: history: ${ctx.argv[2] ?? ''}: history position out of range\n`);
      s.history.splice(n - 1, 1);
      return out('');
    }
    let entries = s.history.map((line, i) => [i + 1, line] as const);
    if (arg !== undefined) {
      if (!/^\d+$/.test(arg)) return err(`${ctx.shellPrefix}: history: ${arg}: numeric argument required\n`);
      entries = entries.slice(Math.max(0, entries.length - Number.parseInt(arg, 10)));
    }
    return out(entries.map(([n, line]) => `${String(n).padStart(5)}  ${line}`).join('\n') + (entries.length ? '\n' : ''));
  },
};
