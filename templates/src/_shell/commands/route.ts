// route(8) and arp(8) (net-tools): the kernel routing table and neighbour cache of the persona's one
// interface (default via the gateway, the connected network; the gateway's MAC in the ARP cache).

import type { CommandSpec } from './types';
import { out } from './types';
import type { ShellPersona } from '../persona';
import { netInfo } from '../sys/network';
import { hash32 } from '../sys/rng';

export function routeTable(persona: ShellPersona, numeric: boolean): string {
  const n = netInfo(persona);
  const rows = [
    [numeric ? '0.0.0.0' : 'default', numeric ? n.gateway : '_gateway', '0.0.0.0', 'UG'],
    [n.network, numeric ? '0.0.0.0' : '0.0.0.0', n.netmask, 'U'],
  ];
  const head = 'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n';
  return head + rows.map((r) => `${(r[0] ?? '').padEnd(16)}${(r[1] ?? '').padEnd(16)}${(r[2] ?? '').padEnd(16)}${(r[3] ?? '').padEnd(6)}0      0        0 ${n.iface}`).join('\n') + '\n';
}

/** The gateway's MAC: a stable per-decky vendor-looking address. */
export function gatewayMac(persona: ShellPersona): string {
  const h = hash32(`${persona.seed}:gw`);
  const tail = [h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff].map((b) => b.toString(16).padStart(2, '0')).join(':');
  return `00:1b:21:${tail}`;
}

export const route: CommandSpec = {
  name: 'route',
  path: '/usr/sbin/route',
  run(ctx) {
    return out(routeTable(ctx.state.persona, ctx.argv.slice(1).some((a) => /^-\w*n/.test(a))));
  },
};

export const arp: CommandSpec = {
  name: 'arp',
  path: '/usr/sbin/arp',
  run(ctx) {
    const p = ctx.state.persona;
    const n = netInfo(p);
    const mac = gatewayMac(p);
    const args = ctx.argv.slice(1);
    if (args.some((a) => /^-\w*a/.test(a))) return out(`${args.some((a) => /^-\w*n/.test(a)) ? '?' : '_gateway'} (${n.gateway}) at ${mac} [ether] on ${n.iface}\n`);
    return out(`Address                  HWtype  HWaddress           Flags Mask            Iface\n${n.gateway.padEnd(25)}ether   ${mac}   C                     ${n.iface}\n`);
  },
};
