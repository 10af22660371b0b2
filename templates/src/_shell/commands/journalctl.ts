// journalctl(1): the persona's journal as a merge of its auth log and service start lines, with
// -n N, -u unit, --no-pager; non-root users without the adm group see the "not seeing messages" hint.

import type { CommandSpec } from './types';
import { Output } from './types';
import { getopt } from './getopt';
import { authLog } from '../fs/var-files';
import { units } from '../sys/services';
import { strftime } from '../sys/time-format';

export const journalctl: CommandSpec = {
  name: 'journalctl',
  path: '/usr/bin/journalctl',
  run(ctx) {
    const o = new Output();
    const parsed = getopt('journalctl', ctx.argv.slice(1), { flags: 'aefkqrx', withArg: 'nuptb', long: { 'no-pager': 'no-pager', lines: 'n', unit: 'u', follow: 'f', reverse: 'r', boot: 'b', dmesg: 'k', since: 'S' } });
    if (!parsed.ok) {
      o.err(parsed.error);
      return o.done(1);
    }
    const p = ctx.state.persona;
    const v = parsed.opts.values;
    const unit = v.get('u');
    const now = ctx.now.getTime();
    const stamp = (ms: number): string => strftime('%b %d %H:%M:%S', new Date(ms));
    let lines = units(p).map((u) => `${stamp(u.startMs)} ${p.hostname} systemd[1]: Started ${u.name} - ${u.description}.`);
    // syslog pads the day with a space ("May  9"), the journal with a zero ("May 09").
    lines.push(...authLog(p, now).split('\n').filter((l) => l !== '').map((l) => l.replace(/^(\w{3}) {2}(\d)/, '$1 0$2')));
    if (unit !== undefined) {
      const key = unit.replace(/\.service$/, '');
      lines = lines.filter((l) => l.includes(` ${key}[`) || l.includes(`Started ${key}.service`) || (key === 'ssh' && l.includes(' sshd[')));
    }
    if (ctx.user.uid !== 0) {
      o.out('Hint: You are currently not seeing messages from other users and the system.\n      Users in groups \'adm\', \'systemd-journal\' can see all messages.\n      Pass -q to turn off this notice.\n');
      return o.done(0);
    }
    if (lines.length === 0) {
      o.out('-- No entries --\n');
      return o.done(0);
    }
    const n = v.has('n') ? Math.max(0, Number.parseInt(v.get('n') ?? '10', 10) || 0) : parsed.opts.flags.has('e') ? 1000 : lines.length;
    const shown = lines.slice(-Math.min(n, 1000));
    if (parsed.opts.flags.has('r')) shown.reverse();
    o.out(shown.join('\n') + '\n');
    return o.done(0);
  },
};
