// groups(1): group names of the current or given users, from the shared account database.

import type { CommandSpec } from './types';
import { Output, out } from './types';

export const groups: CommandSpec = {
  name: 'groups',
  path: '/usr/bin/groups',
  run(ctx) {
    const names = ctx.argv.slice(1);
    const accts = ctx.state.accounts;
    if (names.length === 0) return out(`${accts.groupsOf(ctx.user.name).map((g) => g.name).join(' ')}\n`);
    const o = new Output();
    for (const n of names) {
      if (!accts.byName(n)) o.err(`groups: '${n}': no such user\n`);
      else o.out(`${n} : ${accts.groupsOf(n).map((g) => g.name).join(' ')}\n`);
    }
    return o.done(0);
  },
};
