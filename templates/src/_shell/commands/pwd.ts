// pwd (bash builtin, also /usr/bin/pwd): the logical working directory; -P resolves symlinks.

import type { CommandSpec } from './types';
import { out } from './types';

export const pwd: CommandSpec = {
  name: 'pwd',
  path: '/usr/bin/pwd',
  builtin: true,
  run(ctx) {
    if (ctx.argv.includes('-P')) {
      const r = ctx.state.fs.stat(ctx.state.cwd, ctx.cred);
      if (r.ok) return out(`${r.value.path}\n`);
    }
    return out(`${ctx.state.cwd}\n`);
  },
};
