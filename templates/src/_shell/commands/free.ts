// free(1) (procps-ng): memory figures from the same model as /proc/meminfo, in kibibytes by default,
// -b/-k/-m/-g, -h human units and --si.

import type { CommandSpec } from './types';
import { err, out } from './types';
import { getopt } from './getopt';
import { memStats } from '../sys/memory';
import { isBusybox } from './busybox';
import { busyboxFree } from './busybox-sys';

function human(kb: number, si: boolean): string {
  const base = si ? 1000 : 1024;
  const units = si ? ['B', 'K', 'M', 'G', 'T'] : ['B', 'Ki', 'Mi', 'Gi', 'Ti'];
  let value = kb * 1024;
  let i = 0;
  while (value >= base && i < units.length - 1) {
    value /= base;
    i++;
  }
  if (i === 0) return `${Math.round(value)}${units[0]}`;
  return value < 10 ? `${value.toFixed(1)}${units[i]}` : `${Math.round(value)}${units[i]}`;
}

export const free: CommandSpec = {
  name: 'free',
  path: '/usr/bin/free',
  run(ctx) {
    if (isBusybox(ctx)) return busyboxFree(ctx);
    const parsed = getopt('free', ctx.argv.slice(1), { flags: 'bkmghltwV', withArg: 'sc', long: { bytes: 'b', kibi: 'k', mebi: 'm', gibi: 'g', human: 'h', si: 'si', total: 't', wide: 'w', lohi: 'l' } });
    if (!parsed.ok) return err(parsed.error.replace(/Try 'free --help'.*\n/, '\nUsage:\n free [options]\n'));
    const f = parsed.opts.flags;
    const m = memStats(ctx.state.persona, ctx.now.getTime());
    const fmt = (kb: number): string => {
      if (f.has('h')) return human(kb, f.has('si'));
      if (f.has('b')) return String(kb * 1024);
      if (f.has('g')) return String(Math.floor(kb / (1024 * 1024)));
      if (f.has('m')) return String(Math.floor(kb / 1024));
      return String(kb);
    };
    const row = (label: string, values: number[]): string => label.padEnd(8) + values.map((v, i) => fmt(v).padStart(i === 0 ? 12 : 12)).join('');
    const buffCache = m.buffersKb + m.cachedKb + m.sReclaimableKb;
    const lines = [
      '               total        used        free      shared  buff/cache   available',
      row('Mem:', [m.totalKb, m.usedKb, m.freeKb, m.sharedKb, buffCache, m.availableKb]),
      row('Swap:', [m.swapTotalKb, m.swapTotalKb - m.swapFreeKb, m.swapFreeKb]),
    ];
    if (f.has('t')) lines.push(row('Total:', [m.totalKb + m.swapTotalKb, m.usedKb + m.swapTotalKb - m.swapFreeKb, m.freeKb + m.swapFreeKb]));
    return out(lines.join('\n') + '\n');
  },
};
