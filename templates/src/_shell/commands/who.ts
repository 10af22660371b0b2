// who(1) (coreutils): this session's utmp entry; `who -b` boot time, `who am i` the same entry.

import type { CommandSpec } from './types';
import { out } from './types';
import { strftime } from '../sys/time-format';

export const who: CommandSpec = {
  name: 'who',
  path: '/usr/bin/who',
  run(ctx) {
    const s = ctx.state;
    const args = ctx.argv.slice(1);
    if (args.includes('-b') || args.includes('--boot')) return out(`         system boot  ${strftime('%Y-%m-%d %H:%M', new Date(s.persona.bootedAtMs))}\n`);
    if (args.includes('-q') || args.includes('--count')) return out(`${s.loginUser.name}\n# users=1\n`);
    const row = `${s.loginUser.name.padEnd(8)} ${s.session.tty.padEnd(12)} ${strftime('%Y-%m-%d %H:%M', new Date(s.loginAtMs))} (${s.session.remoteIp})`;
    const header = args.includes('-H') || args.includes('--heading') ? 'NAME     LINE         TIME             COMMENT\n' : '';
    return out(`${header}${row}\n`);
  },
};
