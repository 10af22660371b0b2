// cut(1): -f fields with -d delimiter (and -s), -c/-b character ranges.

import type { CommandSpec } from './types';
import { Output, err } from './types';
import { getopt } from './getopt';
import { gatherLines } from './inputs';

function ranges(spec: string): Array<[number, number]> | null {
  const out: Array<[number, number]> = [];
  for (const part of spec.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (m[1] === '' && m[3] === '')) return null;
    const lo = m[1] === '' ? 1 : Number(m[1]);
    const hi = m[2] === '' ? lo : m[3] === '' ? Infinity : Number(m[3]);
    if (lo < 1) return null;
    out.push([lo, hi]);
  }
  return out;
}

export const cut: CommandSpec = {
  name: 'cut',
  path: '/usr/bin/cut',
  run(ctx) {
    const o = new Output();
    const p = getopt('cut', ctx.argv.slice(1), { flags: 's', withArg: 'dfcb', long: { 'delimiter=': 'd', 'fields=': 'f', 'characters=': 'c', 'bytes=': 'b', 'only-delimited': 's' } });
    if (!p.ok) return err(p.error);
    const v = p.opts.values;
    const spec = v.get('f') ?? v.get('c') ?? v.get('b');
    if (spec === undefined) return err("cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n");
    const list = ranges(spec);
    if (!list) return err(`cut: invalid field value '${spec}'\nTry 'cut --help' for more information.\n`);
    const delim = v.get('d') ?? '\t';
    if (delim.length !== 1) return err("cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n");
    const lines = gatherLines(ctx, 'cut', p.opts.operands, o) ?? [];
    const pick = <T>(items: T[]): T[] => items.filter((_, i) => list.some(([lo, hi]) => i + 1 >= lo && i + 1 <= hi));
    for (const l of lines) {
      if (v.has('f')) {
        if (!l.includes(delim)) {
          if (!p.opts.flags.has('s')) o.out(`${l}\n`);
          continue;
        }
        o.out(`${pick(l.split(delim)).join(delim)}\n`);
      } else o.out(`${pick([...l]).join('')}\n`);
    }
    return o.done(0);
  },
};
