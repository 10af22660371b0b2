// wc(1): lines, words, bytes (-l -w -c -m), GNU column widths (7 for stdin, the digits of the
// largest count for files) and a total line for several files.

import type { CommandSpec } from './types';
import { Output } from './types';
import { getopt } from './getopt';
import { readInput } from './inputs';
import { ERRNO_TEXT } from '../fs/vfs-types';

function counts(text: string): { l: number; w: number; c: number; m: number; L: number } {
  let l = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) l++;
  const words = text.split(/[ \t\n\r\v\f]+/).filter((x) => x !== '').length;
  const longest = Math.max(0, ...text.split('\n').map((x) => x.length));
  return { l, w: words, c: text.length, m: text.length, L: longest };
}

export const wc: CommandSpec = {
  name: 'wc',
  path: '/usr/bin/wc',
  run(ctx) {
    const o = new Output();
    const parsed = getopt('wc', ctx.argv.slice(1), { flags: 'lwcmL', long: { lines: 'l', words: 'w', bytes: 'c', chars: 'm', 'max-line-length': 'L' } });
    if (!parsed.ok) {
      o.err(parsed.error);
      return o.done(1);
    }
    const f = parsed.opts.flags;
    const keys = (['l', 'w', 'm', 'c', 'L'] as const).filter((k) => f.has(k));
    const fields = keys.length > 0 ? keys : (['l', 'w', 'c'] as const);
    const files = parsed.opts.operands;
    const inputs = (files.length === 0 ? ['-'] : files).map((n) => readInput(ctx, n));
    const rows: Array<{ values: number[]; name: string }> = [];
    const total = fields.map(() => 0);
    let code = 0;
    for (const input of inputs) {
      if (!input.ok) {
        o.err(`wc: ${input.name}: ${ERRNO_TEXT[input.errno]}\n`);
        code = 1;
        if (input.errno === 'EISDIR') rows.push({ values: fields.map(() => 0), name: input.name });
        continue;
      }
      const c = counts(input.text);
      const values = fields.map((k) => c[k]);
      values.forEach((v, i) => (total[i] = (total[i] ?? 0) + v));
      rows.push({ values, name: files.length === 0 ? '' : input.name });
    }
    if (files.length > 1) rows.push({ values: total, name: 'total' });
    const onlyStdin = files.length === 0;
    const width = onlyStdin ? (fields.length === 1 ? 1 : 7) : Math.max(1, ...rows.flatMap((r) => r.values.map((v) => String(v).length)));
    for (const r of rows) {
      const nums = r.values.map((v) => String(v).padStart(width)).join(' ');
      o.out(`${nums}${r.name !== '' ? ` ${r.name}` : ''}\n`);
    }
    return o.done(code);
  },
};
