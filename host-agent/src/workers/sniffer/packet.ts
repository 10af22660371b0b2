// Link, IP and TCP decoding for the sniffer, allocation-free views over the captured bytes: Ethernet
// (with 802.1Q tags), Linux cooked v1/v2, BSD loopback and raw IP; IPv4 and IPv6 (extension headers
// skipped); TCP with its options. Every length is checked against the frame; bad frames return undefined.

export interface TcpOption {
  kind: number;
  /** Option body (without kind and length bytes). */
  data: Uint8Array;
}

export interface TcpSegment {
  ipVersion: 4 | 6;
  src: string;
  dst: string;
  ttl: number;
  /** IPv4 don't-fragment bit (IPv6: always true, it never fragments in flight). */
  df: boolean;
  ipId: number;
  /** IPv4 header options present. */
  ipOptions: boolean;
  /** Length of the IP packet (header + payload). */
  ipLength: number;
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  urgent: number;
  /** The 3 reserved header bits. */
  reserved: number;
  /** TCP options, decoded for SYN segments only (empty otherwise). */
  options: TcpOption[];
  /** Bytes after an end-of-list option inside the option space were non-zero. */
  optionsPastEol: boolean;
  /** Options that ran past the header (malformed). */
  brokenOptions: boolean;
  payload: Uint8Array;
}

export const TCP = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ECE: 0x40, CWR: 0x80 } as const;

/** Link types (tcpdump LINKTYPE_*) the sniffer decodes. */
export const LINK = { NULL: 0, ETHERNET: 1, RAW: 101, LINUX_SLL: 113, IPV4: 228, IPV6: 229, LINUX_SLL2: 276, LOOP: 108 } as const;

export function decodeFrame(linkType: number, f: Uint8Array): TcpSegment | undefined {
  const off = ipOffset(linkType, f);
  if (off < 0 || f.length <= off) return undefined;
  const v = f[off]! >> 4;
  if (v === 4) return decodeIpv4(f, off);
  if (v === 6) return decodeIpv6(f, off);
  return undefined;
}

/** Offset of the IP header in a frame of this link type, or -1 when the frame carries no IPv4/IPv6. */
export function ipOffset(linkType: number, f: Uint8Array): number {
  let off: number;
  let etherType: number;
  switch (linkType) {
    case LINK.ETHERNET: {
      if (f.length < 14) return -1;
      off = 12;
      etherType = (f[off]! << 8) | f[off + 1]!;
      off += 2;
      for (let tags = 0; (etherType === 0x8100 || etherType === 0x88a8) && tags < 2; tags++) {
        if (f.length < off + 4) return -1;
        etherType = (f[off + 2]! << 8) | f[off + 3]!;
        off += 4;
      }
      break;
    }
    case LINK.LINUX_SLL:
      if (f.length < 16) return -1;
      etherType = (f[14]! << 8) | f[15]!;
      off = 16;
      break;
    case LINK.LINUX_SLL2:
      if (f.length < 20) return -1;
      etherType = (f[0]! << 8) | f[1]!;
      off = 20;
      break;
    case LINK.NULL:
    case LINK.LOOP: {
      if (f.length < 4) return -1;
      const fam = f[0] === 0 && f[1] === 0 ? (f[2]! << 8) | f[3]! : f[0]! | (f[1]! << 8);
      etherType = fam === 2 ? 0x0800 : fam === 24 || fam === 28 || fam === 30 ? 0x86dd : 0;
      off = 4;
      break;
    }
    case LINK.RAW:
    case LINK.IPV4:
    case LINK.IPV6:
      return 0;
    default:
      return -1;
  }
  if (etherType !== 0x0800 && etherType !== 0x86dd) return -1;
  // The version nibble must agree with the link's protocol field.
  return f.length > off && f[off]! >> 4 === (etherType === 0x0800 ? 4 : 6) ? off : -1;
}

function decodeIpv4(f: Uint8Array, off: number): TcpSegment | undefined {
  if (f.length < off + 20 || f[off]! >> 4 !== 4) return undefined;
  const ihl = (f[off]! & 0x0f) * 4;
  const total = (f[off + 2]! << 8) | f[off + 3]!;
  if (ihl < 20 || total < ihl || f.length < off + ihl) return undefined;
  if (f[off + 9] !== 6) return undefined;
  const fragOff = ((f[off + 6]! & 0x1f) << 8) | f[off + 7]!;
  if (fragOff !== 0) return undefined; // only first fragments carry the TCP header
  const end = Math.min(f.length, off + total);
  const src = `${f[off + 12]}.${f[off + 13]}.${f[off + 14]}.${f[off + 15]}`;
  const dst = `${f[off + 16]}.${f[off + 17]}.${f[off + 18]}.${f[off + 19]}`;
  return decodeTcp(f, off + ihl, end, {
    ipVersion: 4, src, dst, ttl: f[off + 8]!, df: (f[off + 6]! & 0x40) !== 0, ipId: (f[off + 4]! << 8) | f[off + 5]!, ipOptions: ihl > 20, ipLength: total,
  });
}

function decodeIpv6(f: Uint8Array, off: number): TcpSegment | undefined {
  if (f.length < off + 40 || f[off]! >> 4 !== 6) return undefined;
  const payloadLen = (f[off + 4]! << 8) | f[off + 5]!;
  let next = f[off + 6]!;
  const end = Math.min(f.length, off + 40 + payloadLen);
  let p = off + 40;
  // Hop-by-hop, routing, destination options: skip; a fragment header ends decoding.
  for (let i = 0; i < 8 && (next === 0 || next === 43 || next === 60); i++) {
    if (end < p + 8) return undefined;
    next = f[p]!;
    p += (f[p + 1]! + 1) * 8;
  }
  if (next !== 6) return undefined;
  return decodeTcp(f, p, end, {
    ipVersion: 6, src: ipv6Text(f.subarray(off + 8, off + 24)), dst: ipv6Text(f.subarray(off + 24, off + 40)), ttl: f[off + 7]!, df: true, ipId: 0, ipOptions: false, ipLength: 40 + payloadLen,
  });
}

type IpPart = Pick<TcpSegment, 'ipVersion' | 'src' | 'dst' | 'ttl' | 'df' | 'ipId' | 'ipOptions' | 'ipLength'>;

function decodeTcp(f: Uint8Array, off: number, end: number, ip: IpPart): TcpSegment | undefined {
  if (end < off + 20) return undefined;
  const dataOff = (f[off + 12]! >> 4) * 4;
  if (dataOff < 20 || off + dataOff > end) return undefined;
  const options: TcpOption[] = [];
  let optionsPastEol = false;
  let brokenOptions = false;
  // Only SYNs are fingerprinted by their options: other segments skip the allocations.
  const optionsEnd = f[off + 13]! & TCP.SYN ? off + dataOff : off + 20;
  for (let o = off + 20; o < optionsEnd; ) {
    const kind = f[o]!;
    if (kind === 0) {
      for (let r = o + 1; r < off + dataOff; r++) if (f[r] !== 0) optionsPastEol = true;
      options.push({ kind, data: f.subarray(o, o) });
      break;
    }
    if (kind === 1) {
      options.push({ kind, data: f.subarray(o, o) });
      o++;
      continue;
    }
    const len = f[o + 1];
    if (len === undefined || len < 2 || o + len > off + dataOff) {
      brokenOptions = true;
      break;
    }
    options.push({ kind, data: f.subarray(o + 2, o + len) });
    o += len;
  }
  return {
    ipVersion: ip.ipVersion,
    src: ip.src,
    dst: ip.dst,
    ttl: ip.ttl,
    df: ip.df,
    ipId: ip.ipId,
    ipOptions: ip.ipOptions,
    ipLength: ip.ipLength,
    sport: (f[off]! << 8) | f[off + 1]!,
    dport: (f[off + 2]! << 8) | f[off + 3]!,
    seq: u32(f, off + 4),
    ack: u32(f, off + 8),
    reserved: (f[off + 12]! >> 1) & 0x07,
    flags: f[off + 13]!,
    window: (f[off + 14]! << 8) | f[off + 15]!,
    urgent: (f[off + 18]! << 8) | f[off + 19]!,
    options,
    optionsPastEol,
    brokenOptions,
    payload: f.subarray(off + dataOff, end),
  };
}

function u32(f: Uint8Array, i: number): number {
  return ((f[i]! << 24) | (f[i + 1]! << 16) | (f[i + 2]! << 8) | f[i + 3]!) >>> 0;
}

export function ipv6Text(b: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  // RFC 5952: compress the longest run of zero groups (length >= 2).
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i >= 2) [best, bestLen] = [i, j - i];
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}
