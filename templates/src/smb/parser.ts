// SMB transport and headers: the 4-byte session-service framing (RFC 1002 §4.3 on 139, MS-SMB2
// §2.1 direct TCP on 445), SMB2 headers and compound chains (MS-SMB2 §2.2.1, §3.3.5.2.7), and the
// SMB1 NEGOTIATE dialect list (MS-CIFS §2.2.4.52.1). Pure, bounded, never throws on bad input.
import { ByteQueue } from '../_io/byte-queue';

export const SMB2_MAGIC = Buffer.from([0xfe, 0x53, 0x4d, 0x42]);
export const SMB1_MAGIC = Buffer.from([0xff, 0x53, 0x4d, 0x42]);
/** RFC 1002 §4.3.1 packet types. */
export const NBSS = { MESSAGE: 0x00, REQUEST: 0x81, POSITIVE: 0x82, KEEPALIVE: 0x85 } as const;

export type Frame = { kind: 'message'; type: number; payload: Buffer } | { kind: 'oversized'; bytes: number };

/** Splits the stream into session-service packets: type(1) + 24-bit big-endian length. */
export class FrameReader {
  private readonly q = new ByteQueue();
  constructor(private readonly maxPayload: number) {}

  push(chunk: Uint8Array): void {
    this.q.push(chunk);
  }

  next(): Frame | undefined {
    if (this.q.length < 4) return undefined;
    const type = this.q.at(0);
    const len = (this.q.at(1) << 16) | (this.q.at(2) << 8) | this.q.at(3);
    if (len > this.maxPayload) return { kind: 'oversized', bytes: len };
    if (this.q.length < 4 + len) return undefined;
    this.q.skip(4);
    return { kind: 'message', type, payload: this.q.take(len) };
  }
}

export function frame(payload: Buffer, type: number = NBSS.MESSAGE): Buffer {
  const h = Buffer.alloc(4);
  h[0] = type;
  h.writeUIntBE(payload.length, 1, 3);
  return Buffer.concat([h, payload]);
}

export interface Smb2Header {
  creditCharge: number;
  command: number;
  credits: number;
  flags: number;
  nextCommand: number;
  messageId: bigint;
  processId: number;
  treeId: number;
  asyncId?: bigint;
  sessionId: bigint;
}

export const SMB2_FLAGS = { SERVER_TO_REDIR: 0x1, ASYNC: 0x2, RELATED: 0x4, SIGNED: 0x8 } as const;

export interface Smb2Request {
  header: Smb2Header;
  /** The whole message (header + body), offsets in request bodies are relative to its start. */
  msg: Buffer;
}

/** Splits one SMB2 message into its compound members (MS-SMB2 §3.3.5.2.7); null if malformed. */
export function splitCompound(payload: Buffer, max = 32): Smb2Request[] | null {
  const out: Smb2Request[] = [];
  let off = 0;
  while (out.length < max) {
    if (payload.length - off < 64 || !payload.subarray(off, off + 4).equals(SMB2_MAGIC)) return null;
    const h = payload.subarray(off);
    const flags = h.readUInt32LE(16);
    const next = h.readUInt32LE(20);
    const async = (flags & SMB2_FLAGS.ASYNC) !== 0;
    const header: Smb2Header = {
      creditCharge: h.readUInt16LE(6),
      command: h.readUInt16LE(12),
      credits: h.readUInt16LE(14),
      flags,
      nextCommand: next,
      messageId: h.readBigUInt64LE(24),
      processId: async ? 0 : h.readUInt32LE(32),
      treeId: async ? 0 : h.readUInt32LE(36),
      sessionId: h.readBigUInt64LE(40),
    };
    if (async) header.asyncId = h.readBigUInt64LE(32);
    if (next !== 0 && (next < 64 || next % 8 !== 0 || off + next > payload.length)) return null;
    out.push({ header, msg: Buffer.from(payload.subarray(off, next ? off + next : payload.length)) });
    if (!next) return out;
    off += next;
  }
  return out;
}

/** A (offset-from-header, length) buffer of a request body, or undefined when it lies outside. */
export function slice(msg: Buffer, offset: number, length: number): Buffer | undefined {
  if (length === 0) return Buffer.alloc(0);
  if (offset < 64 || offset > msg.length || length > msg.length - offset) return undefined;
  return msg.subarray(offset, offset + length);
}

/** Body field reader: undefined past the end instead of a RangeError. */
export function u16(msg: Buffer, at: number): number | undefined {
  return at + 2 <= msg.length ? msg.readUInt16LE(at) : undefined;
}
export function u32(msg: Buffer, at: number): number | undefined {
  return at + 4 <= msg.length ? msg.readUInt32LE(at) : undefined;
}

/** SMB2 dialects in a NEGOTIATE request (MS-SMB2 §2.2.3), at most 64. */
export function negotiateDialects(msg: Buffer): number[] | undefined {
  const count = u16(msg, 64 + 2);
  if (count === undefined || count > 64 || 64 + 36 + count * 2 > msg.length) return undefined;
  return Array.from({ length: count }, (_, i) => msg.readUInt16LE(100 + i * 2));
}

export interface NegotiateContext {
  type: number;
  data: Buffer;
}

/** SMB 3.1.1 negotiate contexts (MS-SMB2 §2.2.3.1), at most 16, each 8-byte aligned. */
export function negotiateContexts(msg: Buffer): NegotiateContext[] {
  const off = u32(msg, 64 + 28);
  const count = Math.min(u16(msg, 64 + 32) ?? 0, 16);
  const out: NegotiateContext[] = [];
  if (off === undefined || off < 64) return out;
  let p = off;
  for (let i = 0; i < count; i++) {
    if (p + 8 > msg.length) break;
    const type = msg.readUInt16LE(p);
    const len = msg.readUInt16LE(p + 2);
    if (p + 8 + len > msg.length) break;
    out.push({ type, data: msg.subarray(p + 8, p + 8 + len) });
    p += 8 + len;
    p += (8 - (p % 8)) % 8;
  }
  return out;
}

/** SMB1 NEGOTIATE (MS-CIFS §2.2.4.52.1): flags2 and the dialect strings, or undefined. */
export function smb1Negotiate(payload: Buffer): { flags2: number; dialects: string[]; pid: number; mid: number } | undefined {
  if (payload.length < 35 || !payload.subarray(0, 4).equals(SMB1_MAGIC) || payload[4] !== 0x72) return undefined;
  const wc = payload[32]!;
  const bcAt = 33 + wc * 2;
  if (bcAt + 2 > payload.length) return undefined;
  const bc = payload.readUInt16LE(bcAt);
  const data = payload.subarray(bcAt + 2, Math.min(payload.length, bcAt + 2 + bc));
  const dialects: string[] = [];
  for (let p = 0; p < data.length && dialects.length < 64; ) {
    if (data[p] !== 0x02) break;
    const end = data.indexOf(0, p + 1);
    if (end < 0) break;
    dialects.push(data.subarray(p + 1, Math.min(end, p + 65)).toString('latin1'));
    p = end + 1;
  }
  return { flags2: payload.readUInt16LE(10), dialects, pid: payload.readUInt16LE(26), mid: payload.readUInt16LE(30) };
}
