// last(1) (util-linux wtmp reader): this session (still logged in), the login user's previous login
// from the persona's lastlog, the boot record and the "wtmp begins" trailer.

import type { CommandSpec } from './types';
import { out } from './types';
import { previousLogin } from '../sys/identity';
import { strftime } from '../sys/time-format';

export const last: CommandSpec = {
  name: 'last',
  path: '/usr/bin/last',
  run(ctx) {
    const p = ctx.state.persona;
    const s = ctx.state.session;
    const user = ctx.state.loginUser.name;
    const stamp = (ms: number): string => strftime('%a %b %e %H:%M', new Date(ms));
    const prev = previousLogin(p, user, ctx.state.loginAtMs);
    const durMin = 7 + (prev.atMs % 53);
    const dur = `(00:${String(durMin).padStart(2, '0')})`;
    const row = (u: string, tty: string, from: string, when: string): string => `${u.padEnd(8)} ${tty.padEnd(12)} ${from.padEnd(16)} ${when}`;
    const rows = [
      row(user, s.tty, s.remoteIp, `${stamp(ctx.state.loginAtMs)}   still logged in`),
      row(user, 'pts/0', prev.from, `${stamp(prev.atMs)} - ${strftime('%H:%M', new Date(prev.atMs + durMin * 60_000))}  ${dur}`),
      row('reboot', 'system boot', p.kernelRelease, `${stamp(p.bootedAtMs)}   still running`),
    ];
    return out(`${rows.join('\n')}\n\nwtmp begins ${strftime('%a %b %e %H:%M:%S %Y', new Date(p.bootedAtMs - 86_400_000 * 3))}\n`);
  },
};
