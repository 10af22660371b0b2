// ping(8) (iputils): on a decky nothing answers ICMP, so a literal address sends and times out with
// iputils' summary (exit 1) and a host name fails in the resolver (exit 2), as curl/wget do.

import type { CommandSpec } from './types';
import { err, out } from './types';
import { localAddress } from './fetch-fail';

export const ping: CommandSpec = {
  name: 'ping',
  path: '/usr/bin/ping',
  run(ctx) {
    const a = ctx.argv.slice(1);
    let count = 4;
    let host: string | undefined;
    for (let i = 0; i < a.length; i++) {
      const x = a[i] ?? '';
      if (x === '-c') count = Math.max(1, Math.min(100, Number.parseInt(a[++i] ?? '1', 10) || 1));
      else if (/^-c\d+$/.test(x)) count = Math.max(1, Math.min(100, Number.parseInt(x.slice(2), 10)));
      else if (['-i', '-W', '-w', '-s', '-t', '-I'].includes(x)) i++;
      else if (!x.startsWith('-')) host = x;
    }
    if (host === undefined) return err('ping: usage error: Destination address required\n', 1);
    const h = host.slice(0, 253);
    const local = localAddress(h.toLowerCase(), ctx.state.persona.hostname);
    const literal = /^\d{1,3}(\.\d{1,3}){3}$/.test(h);
    if (!literal && local === null) return err(`ping: ${h}: Temporary failure in name resolution\n`, 2);
    const addr = local ?? h;
    const head = `PING ${h} (${addr}) 56(84) bytes of data.\n`;
    if (local !== null || addr === ctx.state.persona.ip) {
      let body = '';
      for (let i = 1; i <= count; i++) body += `64 bytes from ${addr}: icmp_seq=${i} ttl=64 time=0.0${3 + (i % 5)} ms\n`;
      return out(`${head}${body}\n--- ${h} ping statistics ---\n${count} packets transmitted, ${count} received, 0% packet loss, time ${(count - 1) * 1000}ms\nrtt min/avg/max/mdev = 0.031/0.045/0.071/0.012 ms\n`);
    }
    return out(`${head}\n--- ${h} ping statistics ---\n${count} packets transmitted, 0 received, 100% packet loss, time ${(count - 1) * 1000 + 7}ms\n\n`, 1);
  },
};
