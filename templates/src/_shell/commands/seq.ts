// seq(1): FIRST [INCREMENT] LAST, integers or decimals, -s separator, -w equal width; bounded output.

import type { CommandSpec } from './types';
import { Output, err } from './types';
import { LIMITS } from '../limits';

export const seq: CommandSpec = {
  name: 'seq',
  path: '/usr/bin/seq',
  run(ctx) {
    const args = ctx.argv.slice(1);
    let sep = '\n';
    let width = false;
    while (args.length > 0 && /^-[sw]/.test(args[0] ?? '') && !/^-\d/.test(args[0] ?? '')) {
      const a = args.shift() ?? '';
      if (a === '-w') width = true;
      else sep = a.length > 2 ? a.slice(2) : (args.shift() ?? '\n');
    }
    if (args.length === 0 || args.length > 3) return err(args.length === 0 ? "seq: missing operand\nTry 'seq --help' for more information.\n" : `seq: extra operand '${args[3] ?? ''}'\nTry 'seq --help' for more information.\n`);
    for (const a of args) if (!/^-?(\d+\.?\d*|\.\d+)$/.test(a)) return err(`seq: invalid floating point argument: '${a}'\nTry 'seq --help' for more information.\n`);
    const nums = args.map(Number);
    const [first, step, last] = nums.length === 1 ? [1, 1, nums[0] ?? 1] : nums.length === 2 ? [nums[0] ?? 1, 1, nums[1] ?? 1] : [nums[0] ?? 1, nums[1] ?? 1, nums[2] ?? 1];
    if (step === 0) return err(`seq: invalid Zero increment value: '${args[1] ?? '0'}'\nTry 'seq --help' for more information.\n`);
    const decimals = Math.max(0, ...args.map((a) => (a.includes('.') ? a.length - a.indexOf('.') - 1 : 0)));
    const o = new Output();
    const items: string[] = [];
    const pad = width ? Math.max(first.toFixed(decimals).length, last.toFixed(decimals).length) : 0;
    for (let v = first, n = 0; step > 0 ? v <= last + 1e-9 : v >= last - 1e-9; v = first + step * ++n) {
      items.push(v.toFixed(decimals).padStart(pad, '0'));
      if (items.length * 2 > LIMITS.maxCommandOutputBytes) break;
    }
    if (items.length > 0) o.out(items.join(sep) + '\n');
    return o.done(0);
  },
};
