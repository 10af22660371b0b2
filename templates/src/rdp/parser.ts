// RDP connection-sequence input before TLS: TPKT framing (RFC 1006 §6), the X.224 Connection
// Request TPDU (X.224 §13.3) and its RDP payload (MS-RDPBCGR 2.2.1.1: routing token or
// "Cookie: mstshash=", RDP_NEG_REQ, RDP_NEG_CORRELATION_INFO). Bounded, never throwing; no I/O.
import { ByteQueue } from '../_io/byte-queue';

/** MS-RDPBCGR 2.2.1.1.1 requestedProtocols bits. */
export const PROTOCOL = { RDP: 0, SSL: 1, HYBRID: 2, RDSTLS: 4, HYBRID_EX: 8, RDSAAD: 16 } as const;
const NAMES: Array<[number, string]> = [[1, 'SSL'], [2, 'HYBRID'], [4, 'RDSTLS'], [8, 'HYBRID_EX'], [16, 'RDSAAD']];

export function protocolNames(p: number): string {
  const names = NAMES.filter(([bit]) => (p & bit) !== 0).map(([, n]) => n);
  return names.length ? names.join('|') : 'RDP';
}

export type TpktFrame = { kind: 'tpkt'; payload: Buffer } | { kind: 'not_tpkt'; head: Buffer } | { kind: 'oversized'; bytes: number };

/** RFC 1006 §6: version 3, reserved, 16-bit big-endian length including the 4-byte header. */
export class TpktReader {
  private readonly q = new ByteQueue();
  private failed = false;

  constructor(private readonly maxFrameBytes: number) {}

  push(chunk: Uint8Array): void {
    if (!this.failed) this.q.push(chunk);
  }

  next(): TpktFrame | undefined {
    if (this.failed || this.q.length < 4) {
      // A first byte that is not 3 is known at once: no need to wait for a header.
      if (!this.failed && this.q.length > 0 && this.q.at(0) !== 3) return this.fail({ kind: 'not_tpkt', head: this.q.copy(0, 16) });
      return undefined;
    }
    const len = (this.q.at(2) << 8) | this.q.at(3);
    if (this.q.at(0) !== 3 || len < 4) return this.fail({ kind: 'not_tpkt', head: this.q.copy(0, 16) });
    if (len > this.maxFrameBytes) return this.fail({ kind: 'oversized', bytes: len });
    if (this.q.length < len) return undefined;
    const frame = this.q.take(len);
    return { kind: 'tpkt', payload: frame.subarray(4) };
  }

  private fail(f: TpktFrame): TpktFrame {
    this.failed = true;
    this.q.clear();
    return f;
  }
}

export interface ConnectionRequest {
  srcRef: number;
  classOption: number;
  /** mstshash value of "Cookie: mstshash=<user>\r\n" (printable, at most 128 chars). */
  cookieUser?: string;
  /** A routing token ("Cookie: msts=..."), printable, bounded. */
  routingToken?: string;
  /** RDP_NEG_REQ present (absent: a legacy client, standard RDP security only). */
  negReq: boolean;
  negFlags: number;
  requestedProtocols: number;
  /** RDP_NEG_CORRELATION_INFO CorrelationId as hex. */
  correlationId?: string;
}

const printable = (b: Buffer, max: number): string => b.subarray(0, max).toString('latin1').replace(/[^\x20-\x7e]/g, '?');

/** Parses a TPKT payload as an X.224 CR TPDU; null when it is not one. */
export function parseConnectionRequest(p: Buffer): ConnectionRequest | null {
  // X.224 §13.3: LI, CR|CDT (0xE0), DST-REF (0), SRC-REF, class option; LI counts the bytes after itself.
  if (p.length < 7) return null;
  const li = p[0] ?? 0;
  if (((p[1] ?? 0) & 0xf0) !== 0xe0 || li + 1 !== p.length || li < 6) return null;
  const cr: ConnectionRequest = { srcRef: p.readUInt16BE(4), classOption: p[6] ?? 0, negReq: false, negFlags: 0, requestedProtocols: 0 };
  let rest = p.subarray(7);
  if (rest.subarray(0, 8).toString('latin1') === 'Cookie: ') {
    const end = rest.indexOf('\r\n');
    if (end < 0) return cr;
    const value = rest.subarray(8, end);
    if (value.subarray(0, 9).toString('latin1') === 'mstshash=') cr.cookieUser = printable(value.subarray(9), 128);
    else cr.routingToken = printable(value, 256);
    rest = rest.subarray(end + 2);
  }
  // 2.2.1.1.1 RDP_NEG_REQ: type 0x01, flags, length 8 (LE), requestedProtocols (LE).
  if (rest.length >= 8 && rest[0] === 0x01 && rest.readUInt16LE(2) === 8) {
    cr.negReq = true;
    cr.negFlags = rest[1] ?? 0;
    cr.requestedProtocols = rest.readUInt32LE(4);
    rest = rest.subarray(8);
    // 2.2.1.1.2 RDP_NEG_CORRELATION_INFO: type 0x06, flags 0, length 36, 16-byte id, 16 reserved.
    if (rest.length >= 36 && rest[0] === 0x06 && rest.readUInt16LE(2) === 36) cr.correlationId = rest.subarray(4, 20).toString('hex');
  }
  return cr;
}
