// tail(1): last N lines (-n N, -N, -n +K from line K) or bytes; -f prints the tail and returns,
// since the emulator never blocks.

import type { CommandSpec } from './types';
import { Output } from './types';
import { getopt } from './getopt';
import { eachWithHeaders, splitLines } from './inputs';
import { legacyCount } from './head';

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
    const code = eachWithHeaders(ctx, 'tail', operands, flags, o, (text) => {
      if (values.has('c')) {
        o.out(fromStart ? text.slice(Math.max(0, n - 1)) : text.slice(Math.max(0, text.length - n)));
        return;
      }
      const lines = splitLines(text);
      const take = fromStart ? lines.slice(Math.max(0, n - 1)) : n === 0 ? [] : lines.slice(-n);
      o.out(take.join('\n') + (take.length > 0 && (text.endsWith('\n') || take.length < lines.length) ? '\n' : ''));
    });
    return o.done(code);
  },
};
