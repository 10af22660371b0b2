// The persona MIB: a sorted table of OIDs whose values are drawn from the persona at the request's
// instant (uptime, counters, memory grow as the shell shows them). System group (RFC 3418),
// interfaces and ipAddrTable (RFC 1213 / RFC 2863), and HOST-RESOURCES (RFC 2790, mib-host.ts).
import type { Persona } from '../persona/types';
import { ifCounters, netInfo } from '../_shell/sys/network';
import { compareOid, encNull, encOctets, encOid, parseOid, TAG } from './ber';
import { counter, fixed, gauge, int, ipAddr, oidValue, str, ticks, type MibEntry, type ValueAt } from './mib-values';
import { hostResources } from './mib-host';
import type { SnmpPersona } from './persona';

export class Mib {
  readonly entries: MibEntry[];
  constructor(entries: MibEntry[]) {
    this.entries = [...entries].sort((a, b) => compareOid(a.oid, b.oid));
  }
  private lowerBound(oid: readonly number[]): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareOid(this.entries[mid]!.oid, oid) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  get(oid: readonly number[]): MibEntry | undefined {
    const e = this.entries[this.lowerBound(oid)];
    return e && compareOid(e.oid, oid) === 0 ? e : undefined;
  }
  /** The first entry strictly after `oid` (RFC 3416 §4.2.2 lexicographic successor). */
  next(oid: readonly number[]): MibEntry | undefined {
    let i = this.lowerBound(oid);
    if (this.entries[i] && compareOid(this.entries[i]!.oid, oid) === 0) i++;
    return this.entries[i];
  }
  /** RFC 3416 §4.2.1: noSuchInstance when the object type exists here, noSuchObject otherwise. */
  missingTag(oid: readonly number[]): number {
    const e = this.entries[this.lowerBound(oid.slice(0, -1))];
    const prefix = oid.slice(0, -1);
    return oid.length > 8 && e && compareOid(e.oid.slice(0, prefix.length), prefix) === 0 ? TAG.NO_SUCH_INSTANCE : TAG.NO_SUCH_OBJECT;
  }
}

export const SYSTEM = '1.3.6.1.2.1.1';
const IF = '1.3.6.1.2.1.2';

interface Iface {
  descr: string;
  type: number;
  mtu: number;
  speed: number;
  mac: string;
  loopback: boolean;
  up: boolean;
  ip?: string;
  mask?: string;
}

function interfaces(persona: Persona, part: SnmpPersona): Iface[] {
  const n = netInfo(persona.shell);
  const eth = { type: 6, mtu: 1500, speed: 1_000_000_000, mac: n.mac, loopback: false, up: true, ip: n.ip, mask: n.netmask };
  const lo = { type: 24, mtu: 65536, speed: 10_000_000, mac: '', loopback: true, up: true, ip: '127.0.0.1', mask: '255.0.0.0' };
  switch (part.agent) {
    case 'windows':
      return [{ ...lo, descr: 'Software Loopback Interface 1', mtu: 1500, speed: 1_073_741_824 }, { ...eth, descr: /^00:15:5d/.test(n.mac) ? 'Microsoft Hyper-V Network Adapter' : /^00:(50:56|0c:29)/.test(n.mac) ? 'vmxnet3 Ethernet Adapter' : 'Intel(R) Ethernet Connection (7) I219-LM' }];
    case 'cisco':
      return [{ ...eth, descr: 'Vlan1' }, { ...eth, descr: 'GigabitEthernet0/1', ip: undefined }, { ...eth, descr: 'GigabitEthernet0/2', ip: undefined, up: false }, { ...lo, descr: 'Null0', type: 1, mtu: 1500, speed: 4_294_967_295, ip: undefined }];
    case 'hp':
      return [{ ...eth, descr: 'HP ETHERNET MULTI-ENVIRONMENT' }, { ...lo, descr: 'Software Loopback' }];
    case 'brother':
      return [{ ...eth, descr: 'Brother NC-8300h' }];
    case 'siemens':
      return [{ ...eth, descr: 'Siemens, SIMATIC S7, Ethernet Port, X1 P1', speed: 100_000_000 }];
    default:
      return [{ ...lo, descr: 'lo' }, { ...eth, descr: n.iface }];
  }
}

export function buildMib(persona: Persona, part: SnmpPersona): Mib {
  const e: MibEntry[] = [];
  const add = (oid: string, value: ValueAt): void => void e.push({ oid: parseOid(oid), value });
  const boot = persona.shell.bootedAtMs;
  const agentStart = boot + part.agentStartDelayS * 1000;
  // RFC 3418 system group.
  add(`${SYSTEM}.1.0`, str(part.sysDescr));
  add(`${SYSTEM}.2.0`, oidValue(part.sysObjectId));
  add(`${SYSTEM}.3.0`, ticks((t) => (t - agentStart) / 10));
  add(`${SYSTEM}.4.0`, str(part.sysContact));
  add(`${SYSTEM}.5.0`, str(part.agent === 'windows' ? persona.hostname.toUpperCase() : persona.hostname));
  add(`${SYSTEM}.6.0`, str(part.sysLocation));
  add(`${SYSTEM}.7.0`, int(part.sysServices));
  add(`${SYSTEM}.8.0`, ticks(() => 0));
  // Interfaces (RFC 1213 §6.5) and ipAddrTable (§6.6).
  const ifs = interfaces(persona, part);
  add(`${IF}.1.0`, int(ifs.length));
  ifs.forEach((f, i) => {
    const idx = i + 1;
    const c = (col: number, v: ValueAt): void => add(`${IF}.2.1.${col}.${idx}`, v);
    const io = (t: number): ReturnType<typeof ifCounters> => (f.up ? ifCounters(persona.shell, t, f.loopback) : { rxPackets: 0, rxBytes: 0, txPackets: 0, txBytes: 0, rxDropped: 0 });
    c(1, int(idx));
    c(2, str(f.descr));
    c(3, int(f.type));
    c(4, int(f.mtu));
    c(5, gauge(() => f.speed));
    c(6, fixed(encOctets(Buffer.from(f.mac.replaceAll(':', ''), 'hex'))));
    c(7, int(f.up ? 1 : 2));
    c(8, int(f.up ? 1 : 2));
    c(9, ticks(() => 0));
    c(10, counter((t) => io(t).rxBytes));
    c(11, counter((t) => io(t).rxPackets));
    c(12, counter(() => 0));
    c(13, counter((t) => io(t).rxDropped));
    c(14, counter(() => 0));
    c(15, counter(() => 0));
    c(16, counter((t) => io(t).txBytes));
    c(17, counter((t) => io(t).txPackets));
    c(18, counter(() => 0));
    c(19, counter(() => 0));
    c(20, counter(() => 0));
    c(21, gauge(() => 0));
    c(22, fixed(encOid([0, 0])));
    if (f.ip && f.mask) {
      const a = (col: number, v: ValueAt): void => add(`1.3.6.1.2.1.4.20.1.${col}.${f.ip}`, v);
      a(1, ipAddr(f.ip));
      a(2, int(idx));
      a(3, ipAddr(f.mask));
      a(4, int(1));
      a(5, int(65535));
    }
  });
  if (part.agent === 'net-snmp' || part.agent === 'windows') e.push(...hostResources(persona, part));
  return new Mib(e);
}

export const NO_VALUE = encNull();
