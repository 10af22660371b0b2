// IPv4 / TCP / ICMP bytes for the stack personality: header fields, TCP options, checksums. Pure
// functions over Buffers (no I/O); every offset is bounds-checked because the bytes come off the wire.

export const PROTO_ICMP = 1;
export const PROTO_TCP = 6;

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;
export const TCP_ECE = 0x40;

/** RFC 791 §3.1: the fields the personality reads or writes. */
export interface Ipv4 {
  ihl: number;
  totalLength: number;
  protocol: number;
  src: string;
  dst: string;
}

export function parseIpv4(p: Buffer): Ipv4 | undefined {
  if (p.length < 20 || p[0]! >> 4 !== 4) return undefined;
  const ihl = (p[0]! & 0x0f) * 4;
  const totalLength = p.readUInt16BE(2);
  if (ihl < 20 || totalLength < ihl || totalLength > p.length) return undefined;
  return { ihl, totalLength, protocol: p[9]!, src: p.subarray(12, 16).join('.'), dst: p.subarray(16, 20).join('.') };
}

export const ipId = (p: Buffer): number => p.readUInt16BE(4);
export function setIpId(p: Buffer, id: number): void {
  p.writeUInt16BE(id & 0xffff, 4);
}
export const dfOf = (p: Buffer): boolean => (p[6]! & 0x40) !== 0;
export function setDf(p: Buffer, df: boolean): void {
  p[6] = df ? p[6]! | 0x40 : p[6]! & ~0x40;
}

/** One's-complement sum (RFC 1071) folded to 16 bits, not inverted. */
function sum16(buf: Buffer, start: number, end: number, initial = 0): number {
  let s = initial;
  for (let i = start; i + 1 < end; i += 2) s += buf.readUInt16BE(i);
  if ((end - start) % 2 === 1) s += buf[end - 1]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

/** Recomputes the IP header checksum and the TCP or ICMP checksum of a whole IPv4 packet. */
export function fixChecksums(p: Buffer): void {
  const ip = parseIpv4(p);
  if (!ip) return;
  p.writeUInt16BE(0, 10);
  p.writeUInt16BE(~sum16(p, 0, ip.ihl) & 0xffff, 10);
  const l4 = ip.ihl;
  const end = ip.totalLength;
  if (ip.protocol === PROTO_TCP && end - l4 >= 20) {
    p.writeUInt16BE(0, l4 + 16);
    // RFC 793 §3.1 pseudo-header: src, dst, zero+protocol, TCP length.
    const pseudo = sum16(p, 12, 20, PROTO_TCP + (end - l4));
    p.writeUInt16BE(~sum16(p, l4, end, pseudo) & 0xffff, l4 + 16);
  } else if (ip.protocol === PROTO_ICMP && end - l4 >= 8) {
    p.writeUInt16BE(0, l4 + 2);
    p.writeUInt16BE(~sum16(p, l4, end) & 0xffff, l4 + 2);
  }
}

/** True when the packet's IP and TCP/ICMP checksums verify (used by tests and by the rewriter's guard). */
export function checksumsValid(p: Buffer): boolean {
  const ip = parseIpv4(p);
  if (!ip || sum16(p, 0, ip.ihl) !== 0xffff) return false;
  const l4 = ip.ihl;
  const end = ip.totalLength;
  if (ip.protocol === PROTO_TCP) return sum16(p, l4, end, sum16(p, 12, 20, PROTO_TCP + (end - l4))) === 0xffff;
  if (ip.protocol === PROTO_ICMP) return sum16(p, l4, end) === 0xffff;
  return true;
}

/** RFC 793 §3.1 header fields. */
export interface Tcp {
  off: number;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  dataOffset: number;
  flags: number;
  window: number;
}

export function parseTcp(p: Buffer, ip: Ipv4): Tcp | undefined {
  const off = ip.ihl;
  if (ip.protocol !== PROTO_TCP || ip.totalLength - off < 20) return undefined;
  const dataOffset = (p[off + 12]! >> 4) * 4;
  if (dataOffset < 20 || off + dataOffset > ip.totalLength) return undefined;
  return {
    off,
    srcPort: p.readUInt16BE(off),
    dstPort: p.readUInt16BE(off + 2),
    seq: p.readUInt32BE(off + 4),
    ack: p.readUInt32BE(off + 8),
    dataOffset,
    flags: p[off + 13]!,
    window: p.readUInt16BE(off + 14),
  };
}

/** The options a SYN or SYN-ACK negotiates (RFC 9293 §3.2, RFC 7323, RFC 2018); unknown kinds are dropped. */
export interface TcpOptions {
  mss?: number;
  wscale?: number;
  sackOk: boolean;
  ts?: { val: number; ecr: number };
}

export function parseOptions(p: Buffer, tcp: Tcp): TcpOptions {
  const out: TcpOptions = { sackOk: false };
  let i = tcp.off + 20;
  const end = tcp.off + tcp.dataOffset;
  while (i < end) {
    const kind = p[i]!;
    if (kind === 0) break;
    if (kind === 1) {
      i++;
      continue;
    }
    const len = p[i + 1];
    if (len === undefined || len < 2 || i + len > end) break;
    if (kind === 2 && len === 4) out.mss = p.readUInt16BE(i + 2);
    else if (kind === 3 && len === 3) out.wscale = p[i + 2]!;
    else if (kind === 4 && len === 2) out.sackOk = true;
    else if (kind === 8 && len === 10) out.ts = { val: p.readUInt32BE(i + 2), ecr: p.readUInt32BE(i + 6) };
    i += len;
  }
  return out;
}

/**
 * Option tokens in nmap's notation (nmap-os-db OPS): M mss, W wscale, S sackOK, T timestamps, N nop,
 * L end-of-list. `encodeOptions` writes them in the given order.
 */
export type OptionToken = 'M' | 'W' | 'S' | 'T' | 'N' | 'L';

export function encodeOptions(tokens: readonly OptionToken[], o: TcpOptions): Buffer {
  const parts: number[] = [];
  for (const t of tokens) {
    if (t === 'N') parts.push(1);
    else if (t === 'L') parts.push(0);
    else if (t === 'S') parts.push(4, 2);
    else if (t === 'M') parts.push(2, 4, (o.mss ?? 536) >> 8, (o.mss ?? 536) & 0xff);
    else if (t === 'W') parts.push(3, 3, o.wscale ?? 0);
    else if (t === 'T') {
      const b = Buffer.alloc(10);
      b[0] = 8;
      b[1] = 10;
      b.writeUInt32BE((o.ts?.val ?? 0) >>> 0, 2);
      b.writeUInt32BE((o.ts?.ecr ?? 0) >>> 0, 6);
      parts.push(...b);
    }
  }
  while (parts.length % 4 !== 0) parts.push(0); // pad with end-of-list to a 32-bit boundary
  return Buffer.from(parts);
}

/** nmap's rendering of a SYN-ACK's options (OPS test), for tests and diagnostics: e.g. M5B4NW8ST11. */
export function nmapOps(p: Buffer, tcp: Tcp): string {
  let s = '';
  let i = tcp.off + 20;
  const end = tcp.off + tcp.dataOffset;
  while (i < end) {
    const kind = p[i]!;
    if (kind === 0) {
      s += 'L';
      i++;
      continue;
    }
    if (kind === 1) {
      s += 'N';
      i++;
      continue;
    }
    const len = p[i + 1] ?? 0;
    if (len < 2) break;
    if (kind === 2) s += `M${p.readUInt16BE(i + 2).toString(16).toUpperCase()}`;
    else if (kind === 3) s += `W${p[i + 2]!.toString(16).toUpperCase()}`;
    else if (kind === 4) s += 'S';
    else if (kind === 8) s += `T${p.readUInt32BE(i + 2) ? 1 : 0}${p.readUInt32BE(i + 6) ? 1 : 0}`;
    i += len;
  }
  return s;
}

/** A copy of `p` with the TCP options replaced (header length, IP total length and checksums fixed). */
export function withOptions(p: Buffer, ip: Ipv4, tcp: Tcp, options: Buffer): Buffer {
  const head = p.subarray(0, tcp.off + 20);
  const payload = p.subarray(tcp.off + tcp.dataOffset, ip.totalLength);
  const out = Buffer.concat([head, options, payload]);
  out.writeUInt16BE(out.length, 2);
  out[tcp.off + 12] = (((20 + options.length) / 4) << 4) | (out[tcp.off + 12]! & 0x0f);
  return out;
}
