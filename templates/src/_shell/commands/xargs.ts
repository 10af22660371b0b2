// xargs(1) (findutils): words of stdin appended to the command (echo by default), -n N batches,
// -I REPL substitution per line, -0 NUL-separated input; commands run through the shell's PATH.

import type { CommandSpec } from './types';
import { Output } from './types';

const MAX_RUNS = 256;

export const xargs: CommandSpec = {
  name: 'xargs',
  path: '/usr/bin/xargs',
  run(ctx) {
    const o = new Output();
    const a = ctx.argv.slice(1);
    let perRun = Infinity;
    let repl: string | null = null;
    let nul = false;
    let noEmpty = false;
    while (a[0]?.startsWith('-') === true) {
      const opt = a.shift() ?? '';
      if (opt === '-n') perRun = Math.max(1, Number.parseInt(a.shift() ?? '1', 10) || 1);
      else if (/^-n\d+$/.test(opt)) perRun = Math.max(1, Number.parseInt(opt.slice(2), 10));
      else if (opt === '-I') repl = a.shift() ?? '{}';
      else if (opt === '-i') repl = '{}';
      else if (opt === '-0' || opt === '--null') nul = true;
      else if (opt === '-r' || opt === '--no-run-if-empty') noEmpty = true;
      else if (opt === '--') break;
    }
    const cmd = a.length > 0 ? a : ['echo'];
    const input = ctx.stdin ?? '';
    const runs: string[][] = [];
    if (repl !== null) {
      const r = repl;
      for (const line of input.split(nul ? '\0' : '\n').filter((l) => l.trim() !== '')) runs.push(cmd.map((w) => w.replaceAll(r, line.trim())));
    } else {
      const words = (nul ? input.split('\0') : input.split(/\s+/)).filter((w) => w !== '');
      if (words.length === 0 && !noEmpty) runs.push([...cmd]);
      for (let i = 0; i < words.length; i += perRun === Infinity ? words.length : perRun) runs.push([...cmd, ...words.slice(i, i + (perRun === Infinity ? words.length : perRun))]);
    }
    let code = 0;
    for (const argv of runs.slice(0, MAX_RUNS)) {
      const r = ctx.run(argv, { stdin: null });
      if (r.notFound) {
        o.err(`xargs: ${argv[0] ?? ''}: No such file or directory\n`);
        return o.done(127);
      }
      o.out(r.stdout);
      o.err(r.stderr);
      if (r.code !== 0) code = 123;
    }
    return o.done(code);
  },
};
