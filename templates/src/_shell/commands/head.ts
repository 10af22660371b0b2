// head(1): first N lines (-n N, -N) or bytes (-c N), "==> name <==" headers for several files.

import type { CommandSpec } from './types';
import { Output } from './types';
import { getopt } from './getopt';
import { eachWithHeaders, splitLines } from './inputs';

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
    const code = eachWithHeaders(ctx, 'head', operands, flags, o, (text) => {
      if (values.has('c')) o.out(n >= 0 ? text.slice(0, n) : text.slice(0, Math.max(0, text.length + n)));
      else {
        const lines = splitLines(text);
        const take = n >= 0 ? lines.slice(0, n) : lines.slice(0, Math.max(0, lines.length + n));
        const complete = take.length < lines.length || text.endsWith('\n');
        o.out(take.join('\n') + (take.length > 0 && complete ? '\n' : ''));
      }
    });
    return o.done(code);
  },
};

function q2(s: string): string {
  return `'${s}'`;
}
