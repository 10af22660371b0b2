// Address arithmetic and scope labels: every address becomes a fixed-width 32-hex key (IPv4 as
// ::ffff:a.b.c.d, RFC 4291 §2.5.5.2) and gets a label for private and reserved ranges (RFC 6890).
import { isIPv4, isIPv6 } from '@decnet/protocol';

export const IP_SCOPES = ['public', 'private', 'cgnat', 'loopback', 'link_local', 'documentation', 'benchmarking', 'multicast', 'ula', 'unspecified', 'broadcast', 'reserved'] as const;
export type IpScope = (typeof IP_SCOPES)[number];

/** IPv4 dotted quad to an unsigned 32-bit number, or null. */
export function ipv4ToNum(ip: string): number | null {
  if (!isIPv4(ip)) return null;
  const p = ip.split('.');
  return ((Number(p[0]) << 24) >>> 0) + (Number(p[1]) << 16) + (Number(p[2]) << 8) + Number(p[3]);
}

/** Any IPv6 text form (with `::` and an IPv4 tail) to 8 numeric groups, or null. */
function ipv6Groups(ip: string): number[] | null {
  if (!isIPv6(ip)) return null;
  let text = ip;
  if (text.includes('.')) {
    // An IPv4 tail is two more groups: `::ffff:1.2.3.4` is `::ffff:102:304`.
    const cut = text.lastIndexOf(':');
    const n = ipv4ToNum(text.slice(cut + 1));
    if (n === null) return null;
    text = `${text.slice(0, cut + 1)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [l = '', r] = text.split('::');
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = parse(l);
  const right = r === undefined ? [] : parse(r);
  const fill = 8 - left.length - right.length;
  if (fill < 0 || (r === undefined && fill !== 0)) return null;
  return [...left, ...Array<number>(fill).fill(0), ...right];
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** The 32-hex key of an address (IPv4 mapped into ::ffff:0:0/96), or null when it is not one. */
export function ipKey(ip: string): string | null {
  const v4 = ipv4ToNum(ip);
  if (v4 !== null) return `00000000000000000000ffff${v4.toString(16).padStart(8, '0')}`;
  const g = ipv6Groups(ip);
  return g ? g.map(hex4).join('') : null;
}

/** IPv4 special-purpose blocks (RFC 6890 and the IANA registry): [network, prefix, scope]. */
const V4_BLOCKS: Array<[string, number, IpScope]> = [
  ['255.255.255.255', 32, 'broadcast'],
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['100.64.0.0', 10, 'cgnat'], // RFC 6598
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link_local'], // RFC 3927
  ['192.0.2.0', 24, 'documentation'], // RFC 5737
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['198.18.0.0', 15, 'benchmarking'], // RFC 2544
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.88.99.0', 24, 'reserved'], // deprecated 6to4 relay anycast (RFC 7526)
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const V4_TABLE = V4_BLOCKS.map(([net, prefix, scope]) => [ipv4ToNum(net)!, prefix, scope] as const);

/** IPv6 blocks as [hex prefix, prefix bits, scope]; the IPv4-mapped block is classified as IPv4. */
const V6_BLOCKS: Array<[string, number, IpScope]> = [
  ['0'.repeat(32), 128, 'unspecified'],
  [`${'0'.repeat(31)}1`, 128, 'loopback'],
  ['20010db8', 32, 'documentation'], // RFC 3849
  ['3fff0', 20, 'documentation'], // RFC 9637
  ['0100000000000000', 64, 'reserved'], // discard-only (RFC 6666)
  ['fc', 7, 'ula'], // RFC 4193
  ['fe8', 10, 'link_local'],
  ['fec', 10, 'reserved'], // deprecated site-local
  ['ff', 8, 'multicast'],
];

function v6InBlock(key: string, hexPrefix: string, bits: number): boolean {
  const full = hexPrefix.padEnd(32, '0');
  const a = BigInt(`0x${key}`) >> BigInt(128 - bits);
  const b = BigInt(`0x${full}`) >> BigInt(128 - bits);
  return a === b;
}

/** The scope of an address: `public`, or the special-purpose range it sits in; null when not an address. */
export function scopeOf(ip: string): IpScope | null {
  const key = ipKey(ip);
  if (key === null) return null;
  if (key.startsWith('00000000000000000000ffff')) {
    const n = parseInt(key.slice(24), 16);
    for (const [net, prefix, scope] of V4_TABLE) {
      const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
      if (((n & mask) >>> 0) === net) return scope;
    }
    return 'public';
  }
  for (const [p, bits, scope] of V6_BLOCKS) if (v6InBlock(key, p, bits)) return scope;
  return 'public';
}
