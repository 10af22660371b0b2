// uniq(1): adjacent duplicates, -c counts, -d/-u selection, -i case folding.

import type { CommandSpec } from './types';
import { Output, err } from './types';
import { getopt } from './getopt';
import { gatherLines } from './inputs';

export const uniq: CommandSpec = {
  name: 'uniq',
  path: '/usr/bin/uniq',
  run(ctx) {
    const o = new Output();
    const p = getopt('uniq', ctx.argv.slice(1), { flags: 'cdui', long: { count: 'c', repeated: 'd', unique: 'u', 'ignore-case': 'i' } });
    if (!p.ok) return err(p.error);
    const lines = gatherLines(ctx, 'uniq', p.opts.operands.slice(0, 1), o) ?? [];
    const f = p.opts.flags;
    const groups: Array<[string, number]> = [];
    for (const l of lines) {
      const last = groups[groups.length - 1];
      if (last && (f.has('i') ? last[0].toLowerCase() === l.toLowerCase() : last[0] === l)) last[1]++;
      else groups.push([l, 1]);
    }
    for (const [l, n] of groups) {
      if ((f.has('d') && n < 2) || (f.has('u') && n > 1)) continue;
      o.out(f.has('c') ? `${String(n).padStart(7)} ${l}\n` : `${l}\n`);
    }
    return o.done(0);
  },
};
