// source / . (bash builtins): read a file and run it in the current shell through the emulator.

import type { CommandSpec } from './types';
import { err } from './types';
import { resolvePath } from '../fs/path';
import { ERRNO_TEXT } from '../fs/vfs-types';

function run(ctx: Parameters<CommandSpec['run']>[0]): ReturnType<CommandSpec['run']> {
  const file = ctx.argv[1];
  const name = ctx.argv[0] ?? 'source';
  if (file === undefined) return err(`${ctx.shellPrefix}: ${name}: filename argument required\n${name}: usage: ${name} filename [arguments]\n`, 2);
  const data = ctx.state.fs.readFile(resolvePath(ctx.state.cwd, file), ctx.cred);
  if (!data.ok) return err(`${ctx.shellPrefix}: ${file}: ${ERRNO_TEXT[data.errno]}\n`);
  // The script's own lines are run like a sourced file; its shell-state changes are kept out of the
  // session for safety (only files and the overlay persist).
  const r = ctx.runScript(data.value, { name: file, args: ctx.argv.slice(2), stdin: ctx.stdin, dialect: 'bash' });
  return r;
}

export const source: CommandSpec = { name: 'source', builtin: true, run };
export const dot: CommandSpec = { name: '.', builtin: true, run };
