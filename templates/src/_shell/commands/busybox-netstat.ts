// BusyBox netstat (Alpine, embedded): `-ral -tuwx -enWp`, its own section titles and columns
// ("%-5s %6ld %6ld %-23s %-23s %-12s"), "tcp" for IPv6 sockets too, a UNIX-socket section when no
// type is chosen; sockets from the same table as ss/ps (sys/services.ts).

import type { CommandContext, CommandResult } from './types';
import { out } from './types';
import { bbGetopt } from './busybox';
import { listeners } from '../sys/services';
import { netInfo } from '../sys/network';
import { hash32 } from '../sys/rng';

function title(listen: boolean, all: boolean): string {
  return all ? '(servers and established)' : listen ? '(only servers)' : '(w/o servers)';
}

function routes(ctx: CommandContext): string {
  const n = netInfo(ctx.state.persona);
  const row = (d: string, g: string, m: string, f: string): string => `${d.padEnd(15)} ${g.padEnd(15)} ${m.padEnd(15)} ${f.padEnd(5)}${'0'.padStart(5)} ${'0'.padStart(6)}${'0'.padStart(6)} eth0`;
  return ['Kernel IP routing table', 'Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface', row('0.0.0.0', n.gateway, '0.0.0.0', 'UG'), row(n.network, '0.0.0.0', n.netmask, 'U')].join('\n') + '\n';
}

export function busyboxNetstat(ctx: CommandContext): CommandResult {
  const parsed = bbGetopt(ctx, 'netstat', 'raltuwxenWp');
  if (!parsed.ok) return parsed.result;
  const f = parsed.opts.flags;
  if (f.has('r')) return out(routes(ctx));
  const p = ctx.state.persona;
  const s = ctx.state.session;
  const all = f.has('a');
  const listen = all || f.has('l');
  const connected = all || !f.has('l');
  const typed = f.has('t') || f.has('u') || f.has('w') || f.has('x');
  const inet = !typed || f.has('t') || f.has('u') || f.has('w');
  const unix = !typed || f.has('x');
  const prog = f.has('p');
  const port = (n: number): string => (f.has('n') || n !== 22 ? String(n) : 'ssh');
  const row = (local: string, remote: string, state: string, owner: string, sendQ = 0): string =>
    `${'tcp'.padEnd(5)} ${'0'.padStart(6)} ${String(sendQ).padStart(6)} ${local.padEnd(23)} ${remote.padEnd(23)} ${state.padEnd(12)}${prog ? owner : ''}`;
  const lines: string[] = [];
  if (inet) {
    lines.push(`Active Internet connections ${title(listen && !all, all)}`);
    lines.push(`Proto Recv-Q Send-Q Local Address           Foreign Address         State       ${prog ? 'PID/Program name' : ''}`);
    if (listen && (f.has('t') || !typed)) {
      for (const l of listeners(p)) {
        const owner = ctx.user.uid === 0 ? `${l.pid}/${l.process}` : '-';
        lines.push(row(l.v6 ? `:::${port(l.port)}` : `${l.addr}:${port(l.port)}`, l.v6 ? ':::*' : '0.0.0.0:*', 'LISTEN', owner));
      }
    }
    if (connected && s.protocol === 'ssh' && (f.has('t') || !typed)) {
      const owner = ctx.user.uid === 0 ? `${ctx.state.sessionPids.monitor}/sshd: ${ctx.state.loginUser.name}`.slice(0, 20) : '-';
      lines.push(row(`${p.ip}:${port(s.localPort)}`, `${s.remoteIp}:${s.remotePort}`, 'ESTABLISHED', owner, 36));
    }
  }
  if (unix) {
    lines.push(`Active UNIX domain sockets ${title(listen && !all, all)}`);
    lines.push(`Proto RefCnt Flags       Type       State         I-Node ${prog ? 'PID/Program name    ' : ''}Path`);
    const base = 9000 + (hash32(`${p.seed}:unix`) % 4000);
    const rows: Array<[string, string, string]> = [];
    if (listen) rows.push(['[ ACC ]', 'LISTENING', '/var/run/acpid.socket'], ['[ ]', '', '/dev/log']);
    if (connected) rows.push(['[ ]', 'CONNECTED', ''], ['[ ]', 'CONNECTED', '']);
    rows.forEach(([flags, state, path], i) => {
      const type = path === '/dev/log' ? 'DGRAM' : 'STREAM';
      lines.push(`unix  ${(type === 'DGRAM' ? '2' : flags === '[ ]' ? '3' : '2').padEnd(6)} ${flags.padEnd(11)} ${type.padEnd(10)} ${state.padEnd(13)} ${String(base + i * 7).padStart(6)} ${prog ? '-'.padEnd(20) : ''}${path}`);
    });
  }
  return out(`${lines.join('\n')}\n`);
}
