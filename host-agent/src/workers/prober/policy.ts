// Who may be probed back. Deny entries always win; private, loopback, link-local, multicast,
// unspecified/reserved addresses and the fleet's own ranges are never probed unless an allow entry
// covers the address; any other (public) address is probed. IPv4-mapped IPv6 counts as IPv4.
import { isIPv4, isIPv6 } from 'node:net';

export interface Cidr {
  v6: boolean;
  net: bigint;
  bits: number;
}

function v4(ip: string): bigint {
  return ip.split('.').reduce((n, o) => (n << 8n) | BigInt(Number(o)), 0n);
}

function v6(ip: string): bigint {
  let s = ip.toLowerCase().split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = v4(dotted[1]!);
    s = `${s.slice(0, -dotted[1]!.length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

/** An address as (family, value); IPv4-mapped IPv6 (::ffff:a.b.c.d) becomes IPv4. */
export function addressValue(ip: string): { v6: boolean; value: bigint } | undefined {
  if (isIPv4(ip)) return { v6: false, value: v4(ip) };
  if (!isIPv6(ip.split('%')[0]!)) return undefined;
  const value = v6(ip);
  if (value >> 32n === 0xffffn) return { v6: false, value: value & 0xffffffffn };
  return { v6: true, value };
}

/** Parses `a.b.c.d/n`, `x::y/n` or a bare address (a host route); undefined when malformed. */
export function parseCidr(s: string): Cidr | undefined {
  const [addr, len, extra] = s.trim().split('/');
  if (extra !== undefined || !addr) return undefined;
  const a = addressValue(addr);
  if (!a || (isIPv6(addr) && !a.v6)) return a && len === undefined ? { v6: false, net: a.value, bits: 32 } : undefined;
  const max = a.v6 ? 128 : 32;
  const bits = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
  if (!(bits >= 0 && bits <= max)) return undefined;
  const mask = ((1n << BigInt(max)) - 1n) ^ ((1n << BigInt(max - bits)) - 1n);
  return { v6: a.v6, net: a.value & mask, bits };
}

export function inCidr(ip: string, c: Cidr): boolean {
  const a = addressValue(ip);
  if (!a || a.v6 !== c.v6) return false;
  const max = c.v6 ? 128 : 32;
  return a.value >> BigInt(max - c.bits) === c.net >> BigInt(max - c.bits);
}

/** Never probed unless explicitly allowed (RFC 6890 special-purpose blocks that are not public hosts). */
export const PROTECTED_RANGES: readonly string[] = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.2.0/24',
  '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
  '::/128', '::1/128', '64:ff9b:1::/48', '100::/64', '2001:db8::/32', 'fc00::/7', 'fe80::/10', 'ff00::/8',
];
const PROTECTED = PROTECTED_RANGES.map((c) => parseCidr(c)!);

export type Verdict = { probe: true } | { probe: false; reason: 'invalid' | 'denied' | 'protected' | 'fleet' };

export interface PolicyInput {
  allow: readonly string[];
  deny: readonly string[];
  /** The fleet's own ranges and addresses (decky subnets, decky and host addresses). */
  fleet(): readonly string[];
}

export class ProbePolicy {
  private readonly allow: Cidr[];
  private readonly deny: Cidr[];

  constructor(private readonly p: PolicyInput) {
    this.allow = p.allow.flatMap((c) => parseCidr(c) ?? []);
    this.deny = p.deny.flatMap((c) => parseCidr(c) ?? []);
  }

  verdict(ip: string): Verdict {
    if (!addressValue(ip)) return { probe: false, reason: 'invalid' };
    if (this.deny.some((c) => inCidr(ip, c))) return { probe: false, reason: 'denied' };
    if (this.allow.some((c) => inCidr(ip, c))) return { probe: true };
    if (PROTECTED.some((c) => inCidr(ip, c))) return { probe: false, reason: 'protected' };
    if (this.p.fleet().some((f) => { const c = parseCidr(f); return c !== undefined && inCidr(ip, c); })) return { probe: false, reason: 'fleet' };
    return { probe: true };
  }
}
