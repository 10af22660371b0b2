// sort(1): -r -n -h -u -f, -k FIELD with -t SEP; reads files or stdin.

import type { CommandSpec } from './types';
import { Output, err } from './types';
import { getopt } from './getopt';
import { gatherLines } from './inputs';

export const sort: CommandSpec = {
  name: 'sort',
  path: '/usr/bin/sort',
  run(ctx) {
    const o = new Output();
    const p = getopt('sort', ctx.argv.slice(1), { flags: 'rnufbhV', withArg: 'kt', long: { reverse: 'r', 'numeric-sort': 'n', unique: 'u', 'ignore-case': 'f', 'human-numeric-sort': 'h', 'key=': 'k', 'field-separator=': 't' } });
    if (!p.ok) return err(p.error, 2);
    const lines = gatherLines(ctx, 'sort', p.opts.operands, o);
    if (lines === null) return o.done(2);
    const f = p.opts.flags;
    const key = Number.parseInt(p.opts.values.get('k') ?? '0', 10) || 0;
    const sep = p.opts.values.get('t');
    const keyOf = (l: string): string => (key > 0 ? ((sep !== undefined ? l.split(sep) : l.trim().split(/\s+/))[key - 1] ?? '') : l);
    let sorted = [...lines].sort((a, b) => {
      const ka = f.has('f') ? keyOf(a).toLowerCase() : keyOf(a);
      const kb = f.has('f') ? keyOf(b).toLowerCase() : keyOf(b);
      if (f.has('n') || f.has('h')) return (Number.parseFloat(ka) || 0) - (Number.parseFloat(kb) || 0) || (a < b ? -1 : a > b ? 1 : 0);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    if (f.has('r')) sorted.reverse();
    if (f.has('u')) sorted = sorted.filter((l, i) => i === 0 || keyOf(l) !== keyOf(sorted[i - 1] ?? ''));
    o.out(sorted.map((l) => `${l}\n`).join(''));
    return o.done(0);
  },
};
