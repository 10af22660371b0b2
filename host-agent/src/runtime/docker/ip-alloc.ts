// Deterministic IPv4 allocation for deckies on the macvlan network: explicit `ip` first, then the
// address a decky already holds, then a seeded probe from a hash of its name (stable across runs).
import { createHash } from 'node:crypto';
import { isIPv4, parseIPv4Cidr } from '@decnet/protocol';

export interface IpPool {
  subnet: string;
  /** Sub-range deckies are allocated from (docker's ip-range); default: the subnet. */
  ipRange?: string;
  gateway?: string;
}

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** First and last usable host of a CIDR (network and broadcast excluded below /31). */
export function cidrHosts(cidr: string): { first: number; last: number } {
  const c = parseIPv4Cidr(cidr);
  if (!c) throw new Error(`not an IPv4 CIDR: ${cidr}`);
  const [net, prefix] = c;
  const size = 2 ** (32 - prefix);
  const base = Math.floor(ipToInt(net) / size) * size;
  return prefix >= 31 ? { first: base, last: base + size - 1 } : { first: base + 1, last: base + size - 2 };
}

export function inCidr(ip: string, cidr: string): boolean {
  if (!isIPv4(ip)) return false;
  const { first, last } = cidrHosts(cidr);
  const n = ipToInt(ip);
  return n >= first && n <= last;
}

/** Conventional gateway when none is configured: the subnet's first host. */
export function defaultGateway(subnet: string): string {
  return intToIp(cidrHosts(subnet).first);
}

export interface IpRequest {
  name: string;
  explicit?: string;
  /** The address this decky's running base container holds now (kept when still valid). */
  current?: string;
}

/** Returns name -> address, or name -> Error when the pool cannot serve it. */
export function allocateIps(requests: readonly IpRequest[], pool: IpPool): Map<string, string | Error> {
  const out = new Map<string, string | Error>();
  const gateway = pool.gateway ?? defaultGateway(pool.subnet);
  const taken = new Set<number>([ipToInt(gateway)]);
  const claim = (name: string, ip: string): boolean => {
    const n = ipToInt(ip);
    if (taken.has(n)) return false;
    taken.add(n);
    out.set(name, ip);
    return true;
  };
  // Explicit addresses win; they may sit anywhere in the subnet (not only the allocation range).
  for (const r of requests) {
    if (r.explicit === undefined) continue;
    if (!inCidr(r.explicit, pool.subnet)) out.set(r.name, new Error(`ip ${r.explicit} is outside the decky subnet ${pool.subnet}`));
    else if (!claim(r.name, r.explicit)) out.set(r.name, new Error(`ip ${r.explicit} is already used (gateway or another decky)`));
  }
  const range = pool.ipRange ?? pool.subnet;
  const { first, last } = cidrHosts(range);
  const size = last - first + 1;
  const rest = requests.filter((r) => r.explicit === undefined).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const pending: IpRequest[] = [];
  for (const r of rest) if (!(r.current && inCidr(r.current, range) && claim(r.name, r.current))) pending.push(r);
  for (const r of pending) {
    const start = createHash('sha256').update(r.name).digest().readUInt32BE(0) % size;
    let got = false;
    for (let i = 0; i < size && !got; i++) got = claim(r.name, intToIp(first + ((start + i) % size)));
    if (!got) out.set(r.name, new Error(`no free address left in ${range}`));
  }
  return out;
}
