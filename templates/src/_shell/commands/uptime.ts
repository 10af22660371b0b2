// uptime(1) (procps): the same line `w` and `top` print, plus -p (pretty) and -s (since).

import type { CommandSpec } from './types';
import { err, out } from './types';
import { uptimeLine, uptimeSeconds } from '../sys/uptime';
import { strftime } from '../sys/time-format';

function pretty(seconds: number): string {
  const mins = Math.floor(seconds / 60);
  const parts: string[] = [];
  const weeks = Math.floor(mins / 10_080);
  const days = Math.floor((mins % 10_080) / 1440);
  const hours = Math.floor((mins % 1440) / 60);
  const minutes = mins % 60;
  if (weeks) parts.push(`${weeks} week${weeks > 1 ? 's' : ''}`);
  if (days) parts.push(`${days} day${days > 1 ? 's' : ''}`);
  if (hours) parts.push(`${hours} hour${hours > 1 ? 's' : ''}`);
  if (minutes || parts.length === 0) parts.push(`${minutes} minute${minutes !== 1 ? 's' : ''}`);
  return `up ${parts.join(', ')}`;
}

export const uptime: CommandSpec = {
  name: 'uptime',
  path: '/usr/bin/uptime',
  run(ctx) {
    const p = ctx.state.persona;
    const a = ctx.argv[1];
    if (a === '-p' || a === '--pretty') return out(`${pretty(uptimeSeconds(p, ctx.now.getTime()))}\n`);
    if (a === '-s' || a === '--since') return out(`${strftime('%Y-%m-%d %H:%M:%S', new Date(p.bootedAtMs))}\n`);
    if (a !== undefined && a.startsWith('-')) return err(`uptime: invalid option -- '${a.slice(1, 2)}'\n\nUsage:\n uptime [options]\n`);
    return out(`${uptimeLine(p, ctx.now, 1)}\n`);
  },
};
