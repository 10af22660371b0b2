// IPv4 subnet arithmetic for topologies: ranges, overlap, usable hosts, the next free subnet and the
// next free address of a LAN. Pure; shared by the generator, validation, the API and the dashboard.
import { isIPv4, parseIPv4Cidr } from '../util/ip';

export interface Ipv4Range {
  /** Network address as an unsigned 32-bit integer. */
  first: number;
  /** Broadcast address. */
  last: number;
  prefix: number;
}

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The range a CIDR covers (the network part is masked, so 10.0.0.7/24 is 10.0.0.0–10.0.0.255). */
export function cidrRange(cidr: string): Ipv4Range | null {
  const c = parseIPv4Cidr(cidr);
  if (!c) return null;
  const size = 2 ** (32 - c[1]);
  const first = Math.floor(ipToInt(c[0]) / size) * size;
  return { first, last: first + size - 1, prefix: c[1] };
}

export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** 'ok', or why the address cannot be a host of the subnet. */
export function addressFit(ip: string, cidr: string): 'ok' | 'outside' | 'network' | 'broadcast' | 'invalid' {
  const r = cidrRange(cidr);
  if (!r || !isIPv4(ip)) return 'invalid';
  const n = ipToInt(ip);
  if (n < r.first || n > r.last) return 'outside';
  if (n === r.first) return 'network';
  if (n === r.last) return 'broadcast';
  return 'ok';
}

/**
 * The first subnet of `prefix` bits at or after `base` (aligned) that overlaps none of `used`;
 * null when none is left below 255.255.255.255.
 */
export function nextFreeSubnet(used: readonly string[], base = '10.100.0.0/24', prefix = 24): string | null {
  const ranges = used.map(cidrRange).filter((r): r is Ipv4Range => r !== null);
  const start = cidrRange(base);
  const size = 2 ** (32 - prefix);
  let at = start ? Math.floor(start.first / size) * size : 0;
  while (at + size - 1 <= 0xffffffff) {
    const cand = { first: at, last: at + size - 1, prefix };
    const hit = ranges.find((r) => rangesOverlap(r, cand));
    if (!hit) return `${intToIp(at)}/${prefix}`;
    at = Math.max(at + size, Math.ceil((hit.last + 1) / size) * size);
  }
  return null;
}

/**
 * The lowest usable host address of `cidr` not in `taken`, skipping the first host (`.1`, which a
 * runtime may use as the network's gateway); null when the LAN is full.
 */
export function nextFreeAddress(cidr: string, taken: Iterable<string>): string | null {
  const r = cidrRange(cidr);
  if (!r) return null;
  const used = new Set(taken);
  const from = r.last - r.first > 3 ? r.first + 2 : r.first + 1;
  for (let n = from; n < r.last; n++) {
    const ip = intToIp(n);
    if (!used.has(ip)) return ip;
  }
  return null;
}
