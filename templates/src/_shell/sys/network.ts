// Network facts derived from the persona (prefix length, broadcast, EUI-64 link-local address from
// the MAC, interface counters that grow with uptime), shared by `ip`, `ifconfig`, /proc and /sys.

import type { ShellPersona } from '../persona';
import { hash32 } from './rng';

export interface NetInfo {
  iface: string;
  ip: string;
  mac: string;
  netmask: string;
  prefix: number;
  network: string;
  broadcast: string;
  gateway: string;
  ipv6LinkLocal: string;
  mtu: number;
}

function toInt(ip: string): number {
  const parts = ip.split('.').map((p) => Number.parseInt(p, 10) & 255);
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

function toDotted(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function prefixOf(mask: number): number {
  let bits = 0;
  for (let i = 31; i >= 0 && (mask >>> i) & 1; i--) bits++;
  return bits;
}

/** RFC 4291 appendix A: modified EUI-64 interface identifier from a MAC address. */
export function linkLocalFromMac(mac: string): string {
  const b = mac.split(':').map((h) => Number.parseInt(h, 16) & 255);
  const bytes = [(b[0] ?? 0) ^ 0x02, b[1] ?? 0, b[2] ?? 0, 0xff, 0xfe, b[3] ?? 0, b[4] ?? 0, b[5] ?? 0];
  const groups: string[] = [];
  for (let i = 0; i < 8; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return `fe80::${groups.join(':')}`;
}

export function netInfo(persona: ShellPersona): NetInfo {
  const ip = toInt(persona.ip);
  const mask = toInt(persona.netmask);
  return {
    iface: persona.iface,
    ip: persona.ip,
    mac: persona.mac.toLowerCase(),
    netmask: persona.netmask,
    prefix: prefixOf(mask),
    network: toDotted((ip & mask) >>> 0),
    broadcast: toDotted((ip | (~mask >>> 0)) >>> 0),
    gateway: persona.gateway,
    ipv6LinkLocal: linkLocalFromMac(persona.mac),
    mtu: 1500,
  };
}

export interface IfCounters {
  rxPackets: number;
  rxBytes: number;
  txPackets: number;
  txBytes: number;
  rxDropped: number;
}

/** Counters grow with uptime at a per-decky rate, so two reads a minute apart differ (detectability D4). */
export function ifCounters(persona: ShellPersona, nowMs: number, loopback: boolean): IfCounters {
  const up = Math.max(1, (nowMs - persona.bootedAtMs) / 1000);
  const h = hash32(`${persona.seed}:${loopback ? 'lo' : 'if'}`);
  const rxRate = loopback ? 0.4 + (h % 100) / 100 : 3 + (h % 900) / 100;
  const txRate = loopback ? rxRate : rxRate * (0.45 + ((h >>> 8) % 40) / 100);
  const rxPackets = Math.floor(up * rxRate) + (h % 997);
  const txPackets = loopback ? rxPackets : Math.floor(up * txRate) + ((h >>> 4) % 991);
  const rxSize = loopback ? 90 + (h % 40) : 420 + ((h >>> 12) % 500);
  const txSize = loopback ? rxSize : 180 + ((h >>> 16) % 300);
  return {
    rxPackets,
    rxBytes: rxPackets * rxSize + ((h >>> 3) % rxSize),
    txPackets,
    txBytes: txPackets * txSize + ((h >>> 5) % txSize),
    rxDropped: loopback ? 0 : Math.floor(up / 86_400) * ((h >>> 20) % 7),
  };
}
