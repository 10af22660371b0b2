// w(1) (procps-ng 3.3): uptime header and the logged-in sessions, which is this one session only.

import type { CommandSpec } from './types';
import { out } from './types';
import { uptimeLine } from '../sys/uptime';
import { strftime } from '../sys/time-format';

export function sessionRow(ctx: Parameters<CommandSpec['run']>[0], what: string): string {
  const s = ctx.state;
  const login = strftime('%H:%M', new Date(s.loginAtMs));
  const idle = `${((ctx.now.getTime() - s.loginAtMs) % 7000 / 1000).toFixed(2)}s`;
  return `${s.loginUser.name.padEnd(8).slice(0, 8)} ${s.session.tty.padEnd(8)} ${s.session.remoteIp.padEnd(16)} ${login.padEnd(7)} ${idle.padStart(6)}  0.02s  0.00s ${what}`;
}

export const w: CommandSpec = {
  name: 'w',
  path: '/usr/bin/w',
  run(ctx) {
    const noHeader = ctx.argv.includes('-h');
    const lines: string[] = [];
    if (!noHeader) {
      lines.push(uptimeLine(ctx.state.persona, ctx.now, 1));
      lines.push('USER     TTY      FROM             LOGIN@   IDLE   JCPU   PCPU WHAT');
    }
    lines.push(sessionRow(ctx, ctx.argv.join(' ')));
    return out(lines.join('\n') + '\n');
  },
};
