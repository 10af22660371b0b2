// S7comm PDUs (Siemens S7 protocol as documented by the Wireshark s7comm dissector and snap7): the
// header (0x32, ROSCTR job 1 / ack_data 3 / userdata 7), parameter and data parts, and the SZL lists
// a CPU identifies itself with (0x0011 module identification, 0x001C component identification,
// 0x0424 operating mode, 0x0000 the list index). Pure and bounded.
import type { ConpotPersona } from './persona';

export const ROSCTR = { JOB: 1, ACK: 2, ACK_DATA: 3, USERDATA: 7 } as const;

export interface S7Pdu {
  rosctr: number;
  pduRef: number;
  param: Buffer;
  data: Buffer;
}

/** The S7 header (10 bytes; 12 for ack/ack_data, which carry an error class and code). */
export function parseS7(b: Buffer): S7Pdu | null {
  if (b.length < 10 || b[0] !== 0x32) return null;
  const rosctr = b[1] ?? 0;
  const head = rosctr === ROSCTR.ACK || rosctr === ROSCTR.ACK_DATA ? 12 : 10;
  const paramLen = b.readUInt16BE(6);
  const dataLen = b.readUInt16BE(8);
  if (b.length < head + paramLen + dataLen) return null;
  return { rosctr, pduRef: b.readUInt16BE(4), param: b.subarray(head, head + paramLen), data: b.subarray(head + paramLen, head + paramLen + dataLen) };
}

/** ack_data answering a job: same PDU reference, error class/code (0 = success). */
export function ackData(pduRef: number, param: Buffer, data: Buffer, error = 0): Buffer {
  const h = Buffer.alloc(12);
  h[0] = 0x32;
  h[1] = ROSCTR.ACK_DATA;
  h.writeUInt16BE(pduRef, 4);
  h.writeUInt16BE(param.length, 6);
  h.writeUInt16BE(data.length, 8);
  h.writeUInt16BE(error, 10);
  return Buffer.concat([h, param, data]);
}

/** Userdata response: param head 00 01 12 08 12 (type 8 response | group), subfunction, sequence, last unit, error. */
export function userdataResponse(pduRef: number, group: number, subfn: number, seq: number, data: Buffer, error = 0): Buffer {
  const param = Buffer.from([0x00, 0x01, 0x12, 0x08, 0x12, 0x80 | (group & 0x0f), subfn, seq, 0x00, 0x00, error >> 8, error & 0xff]);
  const h = Buffer.alloc(10);
  h[0] = 0x32;
  h[1] = ROSCTR.USERDATA;
  h.writeUInt16BE(pduRef, 4);
  h.writeUInt16BE(param.length, 6);
  h.writeUInt16BE(data.length, 8);
  return Buffer.concat([h, param, data]);
}

/** Userdata data part: return code, transport size 0x09 (octet string), length, payload. */
export function userdataItem(payload: Buffer, returnCode = 0xff): Buffer {
  const h = Buffer.from([returnCode, returnCode === 0xff ? 0x09 : 0x00, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([h, payload]);
}

const text = (s: string, n: number): Buffer => {
  const b = Buffer.alloc(n, 0x20);
  b.write(s.slice(0, n), 'latin1');
  return b;
};
const zstr = (s: string, n: number): Buffer => {
  const b = Buffer.alloc(n, 0);
  b.write(s.slice(0, n - 1), 'latin1');
  return b;
};

/** SZL 0x0011 records (28 bytes: index, MLFB[20], BGTyp, Ausbg, Ausbe): module, basic hardware, firmware. */
export function szl0011(p: ConpotPersona): Array<[number, Buffer]> {
  const rec = (index: number, mlfb: string, tail: number[]): [number, Buffer] => [index, Buffer.concat([Buffer.from([0, index]), text(mlfb, 20), Buffer.from(tail)])];
  const [a, b, c] = p.firmware;
  const hwRev = p.profile === 's7-300' ? 5 : p.profile === 's7-1500' ? 3 : 6;
  return [
    rec(1, p.orderNumber, [0x00, 0xc0, 0x00, hwRev, 0x00, 0x00]),
    rec(6, p.orderNumber, [0x00, 0xc0, 0x00, hwRev, 0x00, 0x00]),
    // Firmware: Ausbg 'V' then the three version bytes (shown "V3.2.6").
    rec(7, '', [0x00, 0xc0, 0x56, a, b, c]),
  ];
}

/** SZL 0x001C records (34 bytes: index + 32-byte string): names, serials, copyright. */
export function szl001c(p: ConpotPersona): Array<[number, Buffer]> {
  const rec = (index: number, value: string): [number, Buffer] => [index, Buffer.concat([Buffer.from([0, index]), zstr(value, 32)])];
  const out: Array<[number, Buffer]> = [
    rec(1, p.systemName),
    rec(2, p.module.startsWith('CPU') ? p.module : `CPU ${p.module}`),
    rec(3, p.plant),
    rec(4, 'Original Siemens Equipment'),
    rec(5, p.serial),
    rec(7, p.module.startsWith('CPU') ? p.module : `CPU ${p.module}`),
  ];
  if (p.memoryCard) out.push(rec(8, p.memoryCard));
  return out;
}

/** SZL 0x0424 record (20 bytes): the last mode transition, byte 3 = 0x08 RUN. */
export function szl0424(bootedAtMs: number): Array<[number, Buffer]> {
  const r = Buffer.alloc(20);
  r.writeUInt16BE(0x5144, 0);
  r[2] = 0xff;
  r[3] = 0x08;
  r.writeUInt32BE(Math.floor(bootedAtMs / 1000) >>> 0, 12);
  return [[0, r]];
}

export const SZL_INDEX_LIST = [0x0000, 0x0011, 0x0111, 0x001c, 0x011c, 0x0424];

/** An SZL answer: id, index, record length, record count, records (as many as fit `maxBytes`). */
export function szlPayload(id: number, index: number, records: Array<[number, Buffer]>, maxBytes: number): Buffer {
  const len = records[0]?.[1].length ?? 0;
  const fit = len ? Math.max(0, Math.min(records.length, Math.floor((maxBytes - 8) / len))) : 0;
  const h = Buffer.alloc(8);
  h.writeUInt16BE(id, 0);
  h.writeUInt16BE(index, 2);
  h.writeUInt16BE(len, 4);
  h.writeUInt16BE(fit, 6);
  return Buffer.concat([h, ...records.slice(0, fit).map((r) => r[1])]);
}

/** The list of SZL ids the CPU answers (SZL 0x0000, two-byte records). */
export function szlIndexRecords(): Array<[number, Buffer]> {
  return SZL_INDEX_LIST.map((id) => [id, Buffer.from([id >> 8, id & 0xff])]);
}

/** 10-byte BCD date and time as the CPU clock returns it (userdata group 7, read clock). */
export function bcdClock(d: Date): Buffer {
  const bcd = (n: number): number => ((Math.floor(n / 10) % 10) << 4) | n % 10;
  const y = d.getUTCFullYear();
  const ms = d.getUTCMilliseconds();
  return Buffer.from([0x00, bcd(Math.floor(y / 100)), bcd(y % 100), bcd(d.getUTCMonth() + 1), bcd(d.getUTCDate()), bcd(d.getUTCHours()), bcd(d.getUTCMinutes()), bcd(d.getUTCSeconds()), bcd(Math.floor(ms / 10)), (bcd(ms % 10) << 4) | (d.getUTCDay() + 1)]);
}
