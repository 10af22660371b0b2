// IPv6 addresses that betray the sender's link and hardware: a link-local source (fe80::/10, RFC 4291
// §2.5.6) shows the attacker is on the decky's own segment, and a modified EUI-64 interface identifier
// (RFC 4291 appendix A: ff:fe in the middle, U/L bit flipped) gives back its MAC and so its vendor (OUI).
// Seen in traffic to a decky address, or in a Neighbor Solicitation for one (RFC 4861 §4.3).
import { ipOffset, ipv6Text, LINK } from './packet';

export interface Ipv6Leak {
  /** The leaking address (as text) and where it was seen. */
  address: string;
  seenIn: 'tcp' | 'ndp_ns' | 'icmp6';
  /** The decky address the packet was for (NS target or destination). */
  target: string;
  /** Link-layer source of the frame, when the capture has one. */
  ethSrc?: string;
}

export interface LeakFacts {
  scope: 'link-local' | 'global' | 'unique-local';
  iid: string;
  eui64: boolean;
  mac: string;
  oui: string;
}

/** Scope and EUI-64 facts of an IPv6 address; undefined when it leaks nothing (not EUI-64, not link-local). */
export function leakFacts(address: string): LeakFacts | undefined {
  const b = ipv6Bytes(address);
  if (!b) return undefined;
  const linkLocal = b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;
  const eui64 = b[11] === 0xff && b[12] === 0xfe;
  if (!linkLocal && !eui64) return undefined;
  const hx = (i: number): string => b[i]!.toString(16).padStart(2, '0');
  const mac = eui64 ? [(b[8]! ^ 0x02).toString(16).padStart(2, '0'), hx(9), hx(10), hx(13), hx(14), hx(15)].join(':') : '';
  return {
    scope: linkLocal ? 'link-local' : (b[0]! & 0xfe) === 0xfc ? 'unique-local' : 'global',
    iid: [8, 10, 12, 14].map((i) => ((b[i]! << 8) | b[i + 1]!).toString(16)).join(':'),
    eui64,
    mac,
    oui: mac.slice(0, 8),
  };
}

/** A non-TCP IPv6 frame (ICMPv6 echo to a decky, or an NS for a decky address): who sent it, for what. */
export function icmp6Leak(linkType: number, f: Uint8Array, isDecky: (ip: string) => boolean): Ipv6Leak | undefined {
  const off = ipOffset(linkType, f);
  if (off < 0 || f[off]! >> 4 !== 6 || f.length < off + 44) return undefined;
  if (f[off + 6] !== 58) return undefined; // ICMPv6 directly after the fixed header (RFC 4861 forbids extension headers on NDP in practice)
  const src = f.subarray(off + 8, off + 24);
  if (src.every((x) => x === 0)) return undefined; // DAD probes come from ::
  const type = f[off + 40]!;
  const ethSrc = linkType === LINK.ETHERNET ? [...f.subarray(6, 12)].map((x) => x.toString(16).padStart(2, '0')).join(':') : undefined;
  let target: string;
  let seenIn: Ipv6Leak['seenIn'];
  if (type === 135) {
    if (f.length < off + 64) return undefined;
    target = ipv6Text(f.subarray(off + 48, off + 64));
    seenIn = 'ndp_ns';
  } else {
    target = ipv6Text(f.subarray(off + 24, off + 40));
    seenIn = 'icmp6';
  }
  if (!isDecky(target)) return undefined;
  return { address: ipv6Text(src), seenIn, target, ethSrc };
}

/** 16 bytes of an IPv6 address in text form (no zone, no embedded IPv4), or undefined. */
export function ipv6Bytes(text: string): Uint8Array | undefined {
  if (text.length > 39 || !/^[0-9a-fA-F:]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const part = (s: string): number[] => (s ? s.split(':').map((g) => (g.length >= 1 && g.length <= 4 ? parseInt(g, 16) : NaN)) : []);
  const head = part(halves[0]!);
  const tail = halves.length === 2 ? part(halves[1]!) : [];
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 2 ? fill < 1 : fill !== 0) || [...head, ...tail].some(Number.isNaN)) return undefined;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? fill : 0).fill(0), ...tail];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}
