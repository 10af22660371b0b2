// SSRF policy for webhook destinations: which resolved addresses may be connected to. Private,
// loopback, link-local, shared, reserved, documentation and multicast ranges are refused unless the
// operator allows all private targets or lists CIDRs (an on-premises receiver) explicitly.
import { isIPv4, isIPv6 } from '@decnet/protocol';

/** `allowPrivate: true` allows every range; `allowCidrs` allows only those (e.g. 192.168.5.0/24). */
export interface AddressPolicy {
  allowPrivate: boolean;
  allowCidrs: string[];
}
export const STRICT_POLICY: AddressPolicy = { allowPrivate: false, allowCidrs: [] };

const V4_REFUSED = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.2.0/24', '192.88.99.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4'];
const V6_REFUSED = ['::/128', '::1/128', '100::/64', '2001::/23', '2001:db8::/32', 'fc00::/7', 'fe80::/10', 'fec0::/10', 'ff00::/8'];

/** An address as a big integer of 32 or 128 bits (null when not an IP literal). */
function toBits(ip: string): { v: bigint; width: 32 | 128 } | null {
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(bare)) return { v: bare.split('.').reduce((a, o) => (a << 8n) | BigInt(Number(o)), 0n), width: 32 };
  if (!isIPv6(bare)) return null;
  let text = bare;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = toBits(v4[1]!)!.v;
    text = text.slice(0, -v4[1]!.length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8) return null;
  return { v: groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g || '0', 16)), 0n), width: 128 };
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, lenText] = cidr.split('/');
  const a = toBits(ip);
  const b = toBits(base!);
  if (!a || !b || a.width !== b.width) return false;
  const len = BigInt(lenText ?? a.width);
  const shift = BigInt(a.width) - len;
  return a.v >> shift === b.v >> shift;
}

/** IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses are judged by their IPv4. */
function embeddedV4(ip: string): string | null {
  const bits = toBits(ip);
  if (!bits || bits.width !== 128) return null;
  const top = bits.v >> 32n;
  if (top !== 0xffffn && top !== 0x64ff9bn << 64n) return null;
  const n = bits.v & 0xffffffffn;
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join('.');
}

export function isIpLiteral(host: string): boolean {
  return toBits(host) !== null;
}

export function isValidCidr(cidr: string): boolean {
  const [base, len] = cidr.split('/');
  const b = base ? toBits(base) : null;
  return !!b && len !== undefined && /^\d{1,3}$/.test(len) && Number(len) <= b.width;
}

/** True when connecting to `ip` is refused under `policy` (non-literals are refused too). */
export function isRefusedAddress(ip: string, policy: AddressPolicy = STRICT_POLICY): boolean {
  const bits = toBits(ip);
  if (!bits) return true;
  if (policy.allowPrivate || policy.allowCidrs.some((c) => inCidr(ip, c))) return false;
  const v4 = bits.width === 32 ? ip : embeddedV4(ip);
  if (v4) return V4_REFUSED.some((c) => inCidr(v4, c)) || v4 === '255.255.255.255';
  return V6_REFUSED.some((c) => inCidr(ip, c));
}
