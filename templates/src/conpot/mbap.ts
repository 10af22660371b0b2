// Modbus/TCP framing (Modbus Messaging on TCP/IP Implementation Guide V1.0b §3.1.3): the 7-byte MBAP
// header (transaction id, protocol id, length, unit id) and the PDU. Pure, bounded (an ADU is at most
// 260 bytes, so a length field over 254 is rejected before anything is buffered) and split-tolerant.
import { ByteQueue } from '../_io/byte-queue';

/** Length field bound: unit id + PDU of at most 253 bytes (Application Protocol V1.1b3 §4.1). */
export const MAX_MBAP_LENGTH = 254;

export interface ModbusAdu {
  tid: number;
  pid: number;
  unit: number;
  /** Function code and data. */
  pdu: Buffer;
}

export type MbapFrame = { kind: 'adu'; adu: ModbusAdu } | { kind: 'bad'; length: number; head: Buffer };

export class MbapReader {
  private readonly q = new ByteQueue();

  push(chunk: Uint8Array): void {
    this.q.push(chunk);
  }

  /** Bytes buffered but not yet a whole ADU. */
  get pending(): number {
    return this.q.length;
  }

  /** The buffered partial ADU (first bytes, up to 8), removed: a stalled short segment is answered from it. */
  takePartial(): Buffer {
    const head = this.q.copy(0, 8);
    this.q.skip(this.q.length);
    return head;
  }

  next(): MbapFrame | undefined {
    if (this.q.length < 6) return undefined;
    const length = (this.q.at(4) << 8) | this.q.at(5);
    // A zero or one byte length has no function code; over 254 no valid ADU exists (§3.1.3).
    if (length < 2 || length > MAX_MBAP_LENGTH) return { kind: 'bad', length, head: this.q.copy(0, 8) };
    if (this.q.length < 6 + length) return undefined;
    const h = this.q.take(7);
    const pdu = this.q.take(length - 1);
    return { kind: 'adu', adu: { tid: h.readUInt16BE(0), pid: h.readUInt16BE(2), unit: h[6] ?? 0, pdu } };
  }
}

/** An ADU: MBAP header (echoing the request's transaction and protocol ids and unit) plus PDU. */
export function encodeAdu(tid: number, pid: number, unit: number, pdu: Uint8Array): Buffer {
  const h = Buffer.alloc(7);
  h.writeUInt16BE(tid & 0xffff, 0);
  h.writeUInt16BE(pid & 0xffff, 2);
  h.writeUInt16BE(pdu.length + 1, 4);
  h[6] = unit & 0xff;
  return Buffer.concat([h, pdu]);
}
