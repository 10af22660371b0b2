// ifconfig(8) (net-tools 2.10): lo and the persona's interface with counters that grow with uptime.

import type { CommandSpec } from './types';
import { err, out } from './types';
import { ifCounters, netInfo } from '../sys/network';

function human(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

export const ifconfig: CommandSpec = {
  name: 'ifconfig',
  path: '/usr/sbin/ifconfig',
  run(ctx) {
    const p = ctx.state.persona;
    const n = netInfo(p);
    const now = ctx.now.getTime();
    const args = ctx.argv.slice(1).filter((a) => a !== '-a');
    const e = ifCounters(p, now, false);
    const l = ifCounters(p, now, true);
    const eth = `${n.iface}: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu ${n.mtu}
        inet ${n.ip}  netmask ${n.netmask}  broadcast ${n.broadcast}
        inet6 ${n.ipv6LinkLocal}  prefixlen 64  scopeid 0x20<link>
        ether ${n.mac}  txqueuelen 1000  (Ethernet)
        RX packets ${e.rxPackets}  bytes ${e.rxBytes} (${human(e.rxBytes)})
        RX errors 0  dropped ${e.rxDropped}  overruns 0  frame 0
        TX packets ${e.txPackets}  bytes ${e.txBytes} (${human(e.txBytes)})
        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0

`;
    const lo = `lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536
        inet 127.0.0.1  netmask 255.0.0.0
        inet6 ::1  prefixlen 128  scopeid 0x10<host>
        loop  txqueuelen 1000  (Local Loopback)
        RX packets ${l.rxPackets}  bytes ${l.rxBytes} (${human(l.rxBytes)})
        RX errors 0  dropped 0  overruns 0  frame 0
        TX packets ${l.txPackets}  bytes ${l.txBytes} (${human(l.txBytes)})
        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0

`;
    if (args.length === 0) return out(eth + lo);
    const dev = args[0];
    if (args.length > 1) return ctx.user.uid === 0 ? out('') : err('SIOCSIFADDR: Operation not permitted\nSIOCSIFFLAGS: Operation not permitted\n', 1);
    if (dev === n.iface) return out(eth);
    if (dev === 'lo') return out(lo);
    return err(`${dev}: error fetching interface information: Device not found\n`, 1);
  },
};
