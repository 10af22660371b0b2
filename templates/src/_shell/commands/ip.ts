// ip(8) (iproute2): `addr`/`a`, `link`/`l`, `route`/`r` (and `-4`/`-br` variants) for lo and the
// persona's interface; the IPv6 link-local address is the EUI-64 of the persona's MAC, as the kernel
// derives it. Changing anything needs root and is answered like a netlink refusal.

import type { CommandSpec } from './types';
import { err, out } from './types';
import { netInfo } from '../sys/network';
import { hash32 } from '../sys/rng';

export const ip: CommandSpec = {
  name: 'ip',
  path: '/usr/sbin/ip',
  run(ctx) {
    const p = ctx.state.persona;
    const n = netInfo(p);
    const args = ctx.argv.slice(1);
    const brief = args.includes('-br') || args.includes('-brief');
    const v4 = args.includes('-4');
    const words = args.filter((a) => !a.startsWith('-'));
    const obj = words[0] ?? '';
    const verb = words[1] ?? 'show';
    const altname = p.iface.startsWith('eth') ? `    altname enp0s${3 + (hash32(p.seed) % 16)}\n` : '';
    const lo = { link: '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n', addr: '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n' + (v4 ? '' : '    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n') };
    const eth = {
      link: `2: ${n.iface}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu ${n.mtu} qdisc fq_codel state UP mode DEFAULT group default qlen 1000\n    link/ether ${n.mac} brd ff:ff:ff:ff:ff:ff\n${altname}`,
      addr: `2: ${n.iface}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu ${n.mtu} qdisc fq_codel state UP group default qlen 1000\n    link/ether ${n.mac} brd ff:ff:ff:ff:ff:ff\n${altname}    inet ${n.ip}/${n.prefix} brd ${n.broadcast} scope global ${n.iface}\n       valid_lft forever preferred_lft forever\n` + (v4 ? '' : `    inet6 ${n.ipv6LinkLocal}/64 scope link \n       valid_lft forever preferred_lft forever\n`),
    };
    const usage = 'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n       ip [ -force ] -batch filename\nwhere  OBJECT := { address | addrlabel | fou | help | ila | ioam | l2tp | link |\n                   macsec | maddress | monitor | mptcp | mroute | mrule |\n                   neighbor | neighbour | netconf | netns | nexthop | ntable |\n                   ntbl | route | rule | sr | tap | tcpmetrics |\n                   token | tunnel | tuntap | vrf | xfrm }\n       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |\n                    -h[uman-readable] | -iec | -j[son] | -p[retty] |\n                    -f[amily] { inet | inet6 | mpls | bridge | link } |\n                    -4 | -6 | -M | -B | -0 |\n                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |\n                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |\n                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |\n                    -c[olor]}\n';
    if (obj === '') return err(usage, 255);
    const mutating = ['add', 'del', 'delete', 'set', 'change', 'replace', 'flush', 'append'].includes(verb);
    if (mutating && ctx.user.uid !== 0) return err('RTNETLINK answers: Operation not permitted\n', 2);
    if ('address'.startsWith(obj) && obj.length >= 1 && obj[0] === 'a') {
      if (mutating) return out('');
      if (brief) return out(`lo               UNKNOWN        127.0.0.1/8 ${v4 ? '' : '::1/128 '}\n${n.iface.padEnd(16)} UP             ${n.ip}/${n.prefix} ${v4 ? '' : `${n.ipv6LinkLocal}/64 `}\n`);
      const dev = words[2] === 'dev' ? words[3] : words[2] === 'show' && words[3] === 'dev' ? words[4] : undefined;
      if (dev === 'lo') return out(lo.addr);
      if (dev === n.iface) return out(eth.addr);
      if (dev !== undefined) return err(`Device "${dev}" does not exist.\n`, 1);
      return out(lo.addr + eth.addr);
    }
    if ('link'.startsWith(obj) && obj[0] === 'l') {
      if (mutating) return out('');
      if (brief) return out(`lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> \n${n.iface.padEnd(16)} UP             ${n.mac} <BROADCAST,MULTICAST,UP,LOWER_UP> \n`);
      return out(lo.link + eth.link);
    }
    if ('route'.startsWith(obj) && obj[0] === 'r') {
      if (mutating) return out('');
      const proto = p.family === 'rhel' ? 'proto static metric 100' : 'proto dhcp src ' + n.ip + ' metric 100';
      return out(`default via ${n.gateway} dev ${n.iface} ${proto} \n${n.network}/${n.prefix} dev ${n.iface} proto kernel scope link src ${n.ip} ${p.family === 'rhel' ? 'metric 100 ' : 'metric 100 '}\n`);
    }
    if ('neighbour'.startsWith(obj) || 'neighbor'.startsWith(obj)) {
      return out(`${n.gateway} dev ${n.iface} lladdr ${hashMac(p.seed)} REACHABLE\n`);
    }
    if (obj === 'help') return err(usage, 0);
    return err(`Object "${obj}" is unknown, try "ip help".\n`, 1);
  },
};

function hashMac(seed: string): string {
  const h = hash32(`${seed}:gw`);
  return ['00', '1a', (h & 255).toString(16).padStart(2, '0'), ((h >>> 8) & 255).toString(16).padStart(2, '0'), ((h >>> 16) & 255).toString(16).padStart(2, '0'), ((h >>> 24) & 255).toString(16).padStart(2, '0')].join(':');
}
