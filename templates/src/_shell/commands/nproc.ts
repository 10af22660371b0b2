// nproc(1): number of processing units, the persona's CPU count (same as /proc/cpuinfo, lscpu).

import type { CommandSpec } from './types';
import { err, out } from './types';
import { getopt } from './getopt';
import { cpuFacts } from '../sys/cpu';

export const nproc: CommandSpec = {
  name: 'nproc',
  path: '/usr/bin/nproc',
  run(ctx) {
    const parsed = getopt('nproc', ctx.argv.slice(1), { long: { all: 'all', 'ignore=': 'ignore' } });
    if (!parsed.ok) return err(parsed.error);
    if (parsed.opts.operands.length > 0) return err(`nproc: extra operand '${parsed.opts.operands[0]}'\nTry 'nproc --help' for more information.\n`);
    const ignore = Number.parseInt(parsed.opts.values.get('ignore') ?? '0', 10) || 0;
    return out(`${Math.max(1, cpuFacts(ctx.state.persona).count - ignore)}\n`);
  },
};
