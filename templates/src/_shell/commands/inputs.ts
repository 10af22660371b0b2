// Reading the inputs of filter commands (cat, head, tail, grep, wc, sort...): file operands or
// stdin ("-" or no operand), returning the errno of a failed open for each command's own wording.

import type { CommandContext, Output } from './types';
import { ERRNO_TEXT } from '../fs/vfs-types';
import type { Errno } from '../fs/vfs-types';
import { resolvePath } from '../fs/path';

export type Input = { name: string; ok: true; text: string } | { name: string; ok: false; errno: Errno };

export function readInput(ctx: CommandContext, name: string): Input {
  if (name === '-') return { name: '(standard input)', ok: true, text: ctx.stdin ?? '' };
  const path = resolvePath(ctx.state.cwd, name);
  const st = ctx.state.fs.stat(path, ctx.cred);
  if (st.ok && st.value.node.kind === 'dir') return { name, ok: false, errno: 'EISDIR' };
  const r = ctx.state.fs.readFile(path, ctx.cred);
  return r.ok ? { name, ok: true, text: r.value } : { name, ok: false, errno: r.errno };
}

/** Inputs for the operands, or stdin when there are none. */
export function readInputs(ctx: CommandContext, operands: readonly string[]): Input[] {
  return (operands.length === 0 ? ['-'] : operands).map((o) => readInput(ctx, o));
}

/** Split text into lines without the trailing empty element after a final newline. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** All lines of the inputs; errors are reported as "cmd: name: reason". Null if every input failed. */
export function gatherLines(ctx: CommandContext, cmd: string, operands: readonly string[], o: Output): string[] | null {
  const lines: string[] = [];
  let failed = false;
  for (const input of readInputs(ctx, operands)) {
    if (!input.ok) {
      o.err(`${cmd}: ${input.name}: ${ERRNO_TEXT[input.errno]}\n`);
      failed = true;
      continue;
    }
    lines.push(...splitLines(input.text));
  }
  return failed && lines.length === 0 ? null : lines;
}

/**
 * head/tail's walk over their operands (stdin when none): GNU's error texts for a file that cannot
 * be read, and `==> name <==` headers with several files or -v (never with -q). Returns the exit code.
 */
export function eachWithHeaders(
  ctx: CommandContext,
  cmd: string,
  operands: readonly string[],
  flags: ReadonlySet<string>,
  o: Output,
  body: (text: string) => void,
): number {
  const files = operands.length === 0 ? ['-'] : operands;
  const headers = (files.length > 1 || flags.has('v')) && !flags.has('q');
  let code = 0;
  files.forEach((name, i) => {
    const input = readInput(ctx, name);
    if (!input.ok) {
      o.err(input.errno === 'EISDIR' ? `${cmd}: error reading '${name}': Is a directory\n` : `${cmd}: cannot open '${name}' for reading: ${ERRNO_TEXT[input.errno]}\n`);
      code = 1;
      return;
    }
    if (headers) o.out(`${i > 0 ? '\n' : ''}==> ${name === '-' ? 'standard input' : name} <==\n`);
    body(input.text);
  });
  return code;
}
