// head(1): first N lines (-n N, -N) or bytes (-c N), "==> name <==" headers for several files.

import type { CommandSpec } from './types';
import { Output } from './types';
import { getopt } from './getopt';
import { readInput, splitLines } from './inputs';
import { ERRNO_TEXT } from '../fs/vfs-types';

export function legacyCount(argv: readonly string[]): string[] {
  return argv.map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a));
}

export const head: CommandSpec = {
  name: 'head',
  path: '/usr/bin/head',
  run(ctx) {
    const o = new Output();
    const parsed = getopt('head', legacyCount(ctx.argv.slice(1)), { flags: 'qvz', withArg: 'nc', long: { 'lines=': 'n', 'bytes=': 'c', quiet: 'q', silent: 'q', verbose: 'v' } });
    if (!parsed.ok) {
      o.err(parsed.error);
      return o.done(1);
    }
    const { values, flags, operands } = parsed.opts;
    const raw = values.get('c') ?? values.get('n') ?? '10';
    if (!/^-?\d+[kKmM]?$/.test(raw)) {
      o.err(`head: invalid number of ${values.has('c') ? 'bytes' : 'lines'}: ${q2(raw)}\n`);
      return o.done(1);
    }
    const n = Number.parseInt(raw, 10);
    const files = operands.length === 0 ? ['-'] : operands;
    const headers = (files.length > 1 || flags.has('v')) && !flags.has('q');
    let code = 0;
    files.forEach((name, i) => {
      const input = readInput(ctx, name);
      if (!input.ok) {
        o.err(input.errno === 'EISDIR' ? `head: error reading '${name}': Is a directory\n` : `head: cannot open '${name}' for reading: ${ERRNO_TEXT[input.errno]}\n`);
        code = 1;
        return;
      }
      if (headers) o.out(`${i > 0 ? '\n' : ''}==> ${name === '-' ? 'standard input' : name} <==\n`);
      if (values.has('c')) o.out(n >= 0 ? input.text.slice(0, n) : input.text.slice(0, Math.max(0, input.text.length + n)));
      else {
        const lines = splitLines(input.text);
        const take = n >= 0 ? lines.slice(0, n) : lines.slice(0, Math.max(0, lines.length + n));
        const complete = take.length < lines.length || input.text.endsWith('\n');
        o.out(take.join('\n') + (take.length > 0 && complete ? '\n' : ''));
      }
    });
    return o.done(code);
  },
};

function q2(s: string): string {
  return `'${s}'`;
}
