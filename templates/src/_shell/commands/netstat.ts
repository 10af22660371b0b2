// netstat(8) (net-tools): -t/-u/-l/-n/-p/-a over the persona's sockets, -r routes, -i interfaces,
// in net-tools' fixed-width columns.

import type { CommandSpec } from './types';
import { err, out } from './types';
import { getopt } from './getopt';
import { listeners } from '../sys/services';
import { routeTable } from './route';
import { isBusybox } from './busybox';
import { busyboxNetstat } from './busybox-netstat';

export const netstat: CommandSpec = {
  name: 'netstat',
  path: '/usr/bin/netstat',
  run(ctx) {
    if (isBusybox(ctx)) return busyboxNetstat(ctx);
    const parsed = getopt('netstat', ctx.argv.slice(1), { flags: 'tulnpaerWv46i', long: { tcp: 't', udp: 'u', listening: 'l', numeric: 'n', program: 'p', all: 'a', route: 'r' } });
    if (!parsed.ok) return err(parsed.error.replace(/Try 'netstat --help'.*\n/, 'usage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}\n'), 5);
    const f = parsed.opts.flags;
    if (f.has('r')) return out(routeTable(ctx.state.persona, f.has('n')));
    const p = ctx.state.persona;
    const s = ctx.state.session;
    const listen = f.has('l') || f.has('a');
    const lines: string[] = [`Active Internet connections (${f.has('l') ? 'only servers' : f.has('a') ? 'servers and established' : 'w/o servers'})`];
    lines.push(`Proto Recv-Q Send-Q Local Address           Foreign Address         State      ${f.has('p') ? ' PID/Program name    ' : ''}`);
    const host = (a: string, port: number, v6: boolean): string => (v6 ? `:::${port}` : `${a}:${f.has('n') || port !== 22 ? port : 'ssh'}`);
    if (listen) {
      for (const l of listeners(p)) {
        const prog = f.has('p') ? ` ${ctx.user.uid === 0 ? `${l.pid}/${l.process}` : '-'}`.padEnd(20) : '';
        lines.push(`${(l.v6 ? 'tcp6' : 'tcp').padEnd(5)}      0      0 ${host(l.addr, l.port, l.v6).padEnd(23)} ${(l.v6 ? ':::*' : '0.0.0.0:*').padEnd(23)} LISTEN     ${prog}`);
      }
    }
    if (!f.has('l') && s.protocol === 'ssh') {
      lines.push(`tcp        0     36 ${`${p.ip}:${f.has('n') ? s.localPort : 'ssh'}`.padEnd(23)} ${`${s.remoteIp}:${s.remotePort}`.padEnd(23)} ESTABLISHED${f.has('p') ? ' -' : ''}`);
    }
    return out(lines.join('\n') + '\n');
  },
};
