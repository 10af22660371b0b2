// ss(8) (iproute2): the persona's listening sockets (-l) with iproute2's column layout; -t/-u/-n/-p/-a
// and -4/-6 filters. Without -l only established sockets show: the attacker's own SSH connection.

import type { CommandSpec } from './types';
import { err, out } from './types';
import { getopt } from './getopt';
import { listeners } from '../sys/services';

const SERVICE_NAMES: Readonly<Record<number, string>> = { 21: 'ftp', 22: 'ssh', 53: 'domain', 80: 'http', 139: 'netbios-ssn', 445: 'microsoft-ds', 3306: 'mysql', 5432: 'postgresql', 6379: 'redis' };

export const ss: CommandSpec = {
  name: 'ss',
  path: '/usr/bin/ss',
  run(ctx) {
    const parsed = getopt('ss', ctx.argv.slice(1), { flags: 'tulnpaxe46rsHo', long: { tcp: 't', udp: 'u', listening: 'l', numeric: 'n', processes: 'p', all: 'a', summary: 's', 'no-header': 'H' } });
    if (!parsed.ok) return err(parsed.error.replace(/Try 'ss --help'.*\n/, 'Usage: ss [ OPTIONS ]\n'), 255);
    const f = parsed.opts.flags;
    const p = ctx.state.persona;
    const s = ctx.state.session;
    const listen = f.has('l') || f.has('a');
    const showEst = !f.has('l');
    type Row = [state: string, rq: string, sq: string, la: string, lp: string, pa: string, pp: string, proc: string];
    const rows: Row[] = [];
    const port = (n: number): string => (f.has('n') ? String(n) : SERVICE_NAMES[n] ?? String(n));
    if (listen) {
      for (const l of listeners(p)) {
        if ((f.has('4') && l.v6) || (f.has('6') && !l.v6)) continue;
        const proc = f.has('p') && ctx.user.uid === 0 ? `users:(("${l.process}",pid=${l.pid},fd=${l.port === 22 ? 3 : 6}))` : '';
        rows.push(['LISTEN', '0', l.port === 22 ? '128' : '511', l.v6 ? '[::]' : l.addr, port(l.port), l.v6 ? '[::]' : '0.0.0.0', '*', proc]);
      }
    }
    if (showEst && s.protocol === 'ssh' && !f.has('6')) {
      rows.push(['ESTAB', '0', '0', p.ip, port(s.localPort), s.remoteIp, String(s.remotePort), '']);
    }
    const tcpOnly = f.has('t') && !f.has('u');
    const lines: string[] = [];
    const wa = Math.max(13, ...rows.map((r) => r[3].length));
    const wp = Math.max(4, ...rows.map((r) => r[4].length));
    const wb = Math.max(12, ...rows.map((r) => r[5].length));
    const wq = Math.max(4, ...rows.map((r) => r[6].length));
    const netid = !tcpOnly;
    if (!f.has('H')) lines.push(`${netid ? 'Netid ' : ''}State  Recv-Q Send-Q ${'Local Address'.padStart(wa)}:${'Port'.padEnd(wp)} ${'Peer Address'.padStart(wb)}:${'Port'.padEnd(wq)}Process`);
    for (const r of rows) {
      lines.push(`${netid ? 'tcp   ' : ''}${r[0].padEnd(6)} ${r[1].padEnd(6)} ${r[2].padEnd(6)} ${r[3].padStart(wa)}:${r[4].padEnd(wp)} ${r[5].padStart(wb)}:${r[6].padEnd(wq)}${r[7] === '' ? '' : ` ${r[7]}`}`);
    }
    return out(lines.join('\n') + '\n');
  },
};
