// date(1): the shell clock in UTC; default format, +FORMAT (strftime subset), -u, -R, -I.
// Setting the clock is refused like on a system where timesyncd owns it.

import type { CommandSpec } from './types';
import { err, out } from './types';
import { dateDefault, strftime } from '../sys/time-format';

export const date: CommandSpec = {
  name: 'date',
  path: '/usr/bin/date',
  run(ctx) {
    const now = ctx.now;
    let format: string | null = null;
    for (const a of ctx.argv.slice(1)) {
      if (a.startsWith('+')) format = a.slice(1);
      else if (a === '-u' || a === '--utc' || a === '--universal') continue;
      else if (a === '-R' || a === '--rfc-email') format = '%a, %d %b %Y %H:%M:%S %z';
      else if (a === '-I' || a === '--iso-8601' || a === '--iso-8601=date') format = '%Y-%m-%d';
      else if (a === '--iso-8601=seconds' || a === '-Iseconds') format = '%Y-%m-%dT%H:%M:%S+00:00';
      else if (a === '-s' || a.startsWith('--set')) {
        if (ctx.user.uid === 0) return out(`${dateDefault(now)}\n`);
        return err('date: cannot set date: Operation not permitted\n', 1, `${dateDefault(now)}\n`);
      }
      else if (a.startsWith('-')) return err(`date: invalid option -- '${a.slice(1, 2)}'\nTry 'date --help' for more information.\n`);
      else return err(`date: invalid date '${a}'\n`);
    }
    return out(`${format === null ? dateDefault(now) : strftime(format, now)}\n`);
  },
};
