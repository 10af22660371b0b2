// ISO transport on TCP for S7comm: TPKT (RFC 1006 §6: version 3, 16-bit length) carrying COTP
// TPDUs (ISO 8073 / X.224 §13: CR, CC, DR, DT with EOT reassembly). Pure, bounded (a TPKT over
// MAX_TPKT bytes or a reassembled PDU over MAX_PDU is rejected) and split-tolerant.
import { ByteQueue } from '../_io/byte-queue';

/** Largest TPKT accepted: a 1024-octet TPDU (the largest size a CPU negotiates) plus headers. */
export const MAX_TPKT = 1024 + 7;
/** Largest S7 PDU reassembled from DT TPDUs (S7-1500 negotiate 960 at most). */
export const MAX_PDU = 4096;

export const COTP = { CR: 0xe0, CC: 0xd0, DR: 0x80, DT: 0xf0 } as const;

export interface ConnectRequest {
  srcRef: number;
  /** TPDU size code (0x0a = 1024) when given. */
  tpduSize?: number;
  srcTsap?: Buffer;
  dstTsap?: Buffer;
}

export type CotpEvent =
  | { kind: 'cr'; cr: ConnectRequest }
  | { kind: 'data'; pdu: Buffer }
  | { kind: 'dr' }
  | { kind: 'other'; code: number }
  | { kind: 'bad'; reason: string; length?: number };

export class TpktReader {
  private readonly q = new ByteQueue();
  private parts: Buffer[] = [];
  private partBytes = 0;

  push(chunk: Uint8Array): void {
    this.q.push(chunk);
  }

  get pending(): number {
    return this.q.length;
  }

  next(): CotpEvent | undefined {
    for (;;) {
      if (this.q.length < 4) return undefined;
      if (this.q.at(0) !== 3 || this.q.at(1) !== 0) return { kind: 'bad', reason: 'not tpkt' };
      const length = (this.q.at(2) << 8) | this.q.at(3);
      if (length < 7 || length > MAX_TPKT) return { kind: 'bad', reason: 'tpkt length', length };
      if (this.q.length < length) return undefined;
      const tpdu = this.q.take(length).subarray(4);
      const ev = this.cotp(tpdu);
      if (ev) return ev;
    }
  }

  /** One TPDU; undefined for a DT fragment without EOT (kept until the last fragment). */
  private cotp(t: Buffer): CotpEvent | undefined {
    const li = t[0] ?? 0;
    if (li < 2 || li + 1 > t.length) return { kind: 'bad', reason: 'cotp length indicator', length: li };
    const code = (t[1] ?? 0) & 0xf0;
    if (code === COTP.DT) {
      const eot = ((t[2] ?? 0) & 0x80) !== 0;
      const data = t.subarray(li + 1);
      this.partBytes += data.length;
      if (this.partBytes > MAX_PDU) return { kind: 'bad', reason: 'pdu too large', length: this.partBytes };
      this.parts.push(data);
      if (!eot) return undefined;
      const pdu = Buffer.concat(this.parts);
      this.parts = [];
      this.partBytes = 0;
      return { kind: 'data', pdu };
    }
    if (code === COTP.CR) return li < 6 ? { kind: 'bad', reason: 'short cr' } : { kind: 'cr', cr: parseCr(t.subarray(0, li + 1)) };
    if (code === COTP.DR) return { kind: 'dr' };
    return { kind: 'other', code };
  }
}

/** CR TPDU fixed part (LI, code, dst-ref, src-ref, class) and its variable part (§13.3.4). */
function parseCr(t: Buffer): ConnectRequest {
  const cr: ConnectRequest = { srcRef: t.readUInt16BE(4) };
  for (let o = 7; o + 2 <= t.length; ) {
    const code = t[o] ?? 0;
    const len = t[o + 1] ?? 0;
    const v = t.subarray(o + 2, o + 2 + len);
    if (v.length < len) break;
    if (code === 0xc0 && len === 1) cr.tpduSize = v[0];
    else if (code === 0xc1) cr.srcTsap = Buffer.from(v.subarray(0, 16));
    else if (code === 0xc2) cr.dstTsap = Buffer.from(v.subarray(0, 16));
    o += 2 + len;
  }
  return cr;
}

const tpkt = (tpdu: Buffer): Buffer => Buffer.concat([Buffer.from([3, 0, (tpdu.length + 4) >> 8, (tpdu.length + 4) & 0xff]), tpdu]);

/** CC answering a CR: references swapped, TPDU size and both TSAPs echoed (§13.4). */
export function connectConfirm(cr: ConnectRequest, ourRef: number, tpduSize: number): Buffer {
  const params: Buffer[] = [Buffer.from([0xc0, 1, tpduSize])];
  if (cr.srcTsap) params.push(Buffer.from([0xc1, cr.srcTsap.length]), cr.srcTsap);
  if (cr.dstTsap) params.push(Buffer.from([0xc2, cr.dstTsap.length]), cr.dstTsap);
  const body = Buffer.concat([Buffer.from([COTP.CC, cr.srcRef >> 8, cr.srcRef & 0xff, ourRef >> 8, ourRef & 0xff, 0x00]), ...params]);
  return tpkt(Buffer.concat([Buffer.from([body.length]), body]));
}

/** DR refusing a connection (§13.5; reason 0x03: address unknown, 0x85: protocol error). */
export function disconnectRequest(srcRef: number, ourRef: number, reason: number): Buffer {
  return tpkt(Buffer.from([6, COTP.DR, srcRef >> 8, srcRef & 0xff, ourRef >> 8, ourRef & 0xff, reason]));
}

/** One S7 PDU in a single DT TPDU with EOT. */
export function dataTpdu(pdu: Buffer): Buffer {
  return tpkt(Buffer.concat([Buffer.from([2, COTP.DT, 0x80]), pdu]));
}
