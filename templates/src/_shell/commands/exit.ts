// exit / logout (bash builtins): end the shell with a status; the session layer prints "logout"
// and either pops a su/sudo shell or closes the connection.

import type { CommandSpec } from './types';
import { err } from './types';

function status(ctx: Parameters<CommandSpec['run']>[0]): { code: number; error?: string } {
  const arg = ctx.argv[1];
  if (arg === undefined) return { code: ctx.state.lastStatus };
  if (!/^-?\d+$/.test(arg)) return { code: 2, error: `${ctx.shellPrefix}: exit: ${arg}: numeric argument required\n` };
  return { code: ((Number.parseInt(arg, 10) % 256) + 256) % 256 };
}

export const exit: CommandSpec = {
  name: 'exit',
  builtin: true,
  run(ctx) {
    if (ctx.argv.length > 2 && /^-?\d+$/.test(ctx.argv[1] ?? '')) return err(`${ctx.shellPrefix}: exit: too many arguments\n`);
    const s = status(ctx);
    return { stdout: '', stderr: s.error ?? '', code: s.code, exit: true };
  },
};

export const logout: CommandSpec = {
  name: 'logout',
  builtin: true,
  run(ctx) {
    if (ctx.depth > 0) return err(`${ctx.shellPrefix}: logout: not login shell: use \`exit'\n`);
    return { ...exit.run(ctx) };
  },
};
