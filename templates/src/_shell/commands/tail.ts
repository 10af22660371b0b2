// tail(1): last N lines (-n N, -N, -n +K from line K) or bytes; -f prints the tail and returns,
// since the emulator never blocks.

import type { CommandSpec } from './types';
import { Output } from './types';
import { getopt } from './getopt';
import { readInput, splitLines } from './inputs';
import { legacyCount } from './head';
import { ERRNO_TEXT } from '../fs/vfs-types';

export const tail: CommandSpec = {
  name: 'tail',
  path: '/usr/bin/tail',
  run(ctx) {
    const o = new Output();
    const argv = legacyCount(ctx.argv.slice(1)).map((a, i, all) => (/^\+\d+$/.test(a) && all[i - 1] !== '-n' && all[i - 1] !== '-c' ? `-n+${a.slice(1)}` : a));
    const parsed = getopt('tail', argv, { flags: 'fFqvz', withArg: 'ncs', long: { 'lines=': 'n', 'bytes=': 'c', follow: 'f', 'follow=': 'f', quiet: 'q', silent: 'q', verbose: 'v', retry: 'retry', 'sleep-interval=': 's', 'pid=': 'pid' } });
    if (!parsed.ok) {
      o.err(parsed.error);
      return o.done(1);
    }
    const { values, flags, operands } = parsed.opts;
    const raw = values.get('c') ?? values.get('n') ?? '10';
    if (!/^[+-]?\d+$/.test(raw)) {
      o.err(`tail: invalid number of ${values.has('c') ? 'bytes' : 'lines'}: '${raw}'\n`);
      return o.done(1);
    }
    const fromStart = raw.startsWith('+');
    const n = Math.abs(Number.parseInt(raw, 10));
    const files = operands.length === 0 ? ['-'] : operands;
    const headers = (files.length > 1 || flags.has('v')) && !flags.has('q');
    let code = 0;
    files.forEach((name, i) => {
      const input = readInput(ctx, name);
      if (!input.ok) {
        o.err(input.errno === 'EISDIR' ? `tail: error reading '${name}': Is a directory\n` : `tail: cannot open '${name}' for reading: ${ERRNO_TEXT[input.errno]}\n`);
        code = 1;
        return;
      }
      if (headers) o.out(`${i > 0 ? '\n' : ''}==> ${name === '-' ? 'standard input' : name} <==\n`);
      if (values.has('c')) {
        o.out(fromStart ? input.text.slice(Math.max(0, n - 1)) : input.text.slice(Math.max(0, input.text.length - n)));
        return;
      }
      const lines = splitLines(input.text);
      const take = fromStart ? lines.slice(Math.max(0, n - 1)) : n === 0 ? [] : lines.slice(-n);
      o.out(take.join('\n') + (take.length > 0 && (input.text.endsWith('\n') || take.length < lines.length) ? '\n' : ''));
    });
    return o.done(code);
  },
};
