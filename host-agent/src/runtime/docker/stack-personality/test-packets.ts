// Test harness (not shipped: only tests import it): IPv4/TCP/ICMP packets built from fields, nmap's OS
// probes (nmap book, "TCP/IP Fingerprinting Methods Supported by Nmap"), and Linux's SYN-ACK option order.
import { encodeOptions, fixChecksums, PROTO_ICMP, PROTO_TCP, type OptionToken, type TcpOptions } from './packet';

export interface Probe {
  name: string;
  options: TcpOptions;
  order: OptionToken[];
}

// The six SEQ probes and the ECN probe, options in the order nmap sends them.
export const NMAP_PROBES: readonly Probe[] = [
  { name: 'P1', options: { wscale: 10, mss: 1460, ts: { val: 0xffffffff, ecr: 0 }, sackOk: true }, order: ['W', 'N', 'M', 'T', 'S'] },
  { name: 'P2', options: { mss: 1400, wscale: 0, sackOk: true, ts: { val: 0xffffffff, ecr: 0 } }, order: ['M', 'W', 'S', 'T', 'L'] },
  { name: 'P3', options: { ts: { val: 0xffffffff, ecr: 0 }, wscale: 5, mss: 640, sackOk: false }, order: ['T', 'N', 'N', 'W', 'N', 'M'] },
  { name: 'P4', options: { sackOk: true, ts: { val: 0xffffffff, ecr: 0 }, wscale: 10 }, order: ['S', 'T', 'W', 'L'] },
  { name: 'P5', options: { mss: 536, sackOk: true, ts: { val: 0xffffffff, ecr: 0 }, wscale: 10 }, order: ['M', 'S', 'T', 'W', 'L'] },
  { name: 'P6', options: { mss: 265, sackOk: true, ts: { val: 0xffffffff, ecr: 0 } }, order: ['M', 'S', 'T'] },
  { name: 'ECN', options: { wscale: 10, mss: 1460, sackOk: true }, order: ['W', 'N', 'M', 'S', 'N', 'N'] },
];

/** Option bytes in `order`, or in Linux's SYN-ACK order (tcp_options_write) when no order is given. */
export function linuxSynAckOptions(o: TcpOptions, order?: OptionToken[]): Buffer {
  if (order) return encodeOptions(order, o);
  const t: OptionToken[] = [];
  if (o.mss !== undefined) t.push('M');
  if (o.ts) t.push(...(o.sackOk ? (['S'] as const) : (['N', 'N'] as const)), 'T');
  else if (o.sackOk) t.push('N', 'N', 'S');
  if (o.wscale !== undefined) t.push('N', 'W');
  return encodeOptions(t, o);
}

/** Linux's window scale for a tcp_rmem sysctl value (tcp_select_initial_window; rmem_max is smaller). */
export function wscaleFromRmem(rmem = '4096 131072 6291456'): number {
  let space = Number(rmem.split(/\s+/)[2]);
  let ws = 0;
  while (space > 65535 && ws < 14) {
    space >>= 1;
    ws++;
  }
  return ws;
}

function ipHeader(o: { src: string; dst: string; proto: number; id?: number; df?: boolean; ttl?: number }, bodyLength: number): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h.writeUInt16BE(20 + bodyLength, 2);
  h.writeUInt16BE(o.id ?? 0, 4);
  h[6] = o.df ? 0x40 : 0;
  h[8] = o.ttl ?? 64;
  h[9] = o.proto;
  o.src.split('.').forEach((x, k) => (h[12 + k] = Number(x)));
  o.dst.split('.').forEach((x, k) => (h[16 + k] = Number(x)));
  return h;
}

export function tcpPacket(o: { src: string; dst: string; sport: number; dport: number; flags: number; seq?: number; ack?: number; window?: number; options?: Buffer; payload?: Buffer; id?: number; df?: boolean }): Buffer {
  const opts = o.options ?? Buffer.alloc(0);
  const t = Buffer.alloc(20);
  t.writeUInt16BE(o.sport, 0);
  t.writeUInt16BE(o.dport, 2);
  t.writeUInt32BE((o.seq ?? 0x11223344) >>> 0, 4);
  t.writeUInt32BE((o.ack ?? (o.flags & 0x10 ? 0x55667788 : 0)) >>> 0, 8);
  t[12] = ((20 + opts.length) / 4) << 4;
  t[13] = o.flags;
  t.writeUInt16BE(o.window ?? 0, 14);
  const body = Buffer.concat([t, opts, o.payload ?? Buffer.alloc(0)]);
  const p = Buffer.concat([ipHeader({ ...o, proto: PROTO_TCP }, body.length), body]);
  fixChecksums(p);
  return p;
}

/** `rest` is the 4 bytes after type/code/checksum (echo id+seq); `proto` builds a non-ICMP IP packet. */
export function icmpPacket(o: { src: string; dst: string; type: number; code: number; rest: number; id?: number; df?: boolean; payload?: Buffer; proto?: number }): Buffer {
  if (o.proto !== undefined && o.proto !== PROTO_ICMP) {
    const p = Buffer.concat([ipHeader({ ...o, proto: o.proto }, o.payload?.length ?? 0), o.payload ?? Buffer.alloc(0)]);
    fixChecksums(p);
    return p;
  }
  const h = Buffer.alloc(8);
  h[0] = o.type;
  h[1] = o.code;
  h.writeUInt32BE(o.rest >>> 0, 4);
  const body = Buffer.concat([h, o.payload ?? Buffer.alloc(56, 0x61)]);
  const p = Buffer.concat([ipHeader({ ...o, proto: PROTO_ICMP }, body.length), body]);
  fixChecksums(p);
  return p;
}
