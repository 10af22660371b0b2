// S7 Read Var (0x04) and Write Var (0x05) jobs over the persona's memory: inputs, outputs, flags,
// data blocks (DB1 is the process image's holding registers, big-endian words), counters, timers.
// Item return codes as a CPU gives them: 0xff ok, 0x05 address out of range, 0x06 type not
// supported, 0x0a object does not exist; a request past the PDU size gets error 0x8500.
import { bytesToHex } from '@decnet/protocol';
import type { ProcessImage } from './process';

export interface VarAnswer {
  param: Buffer;
  data: Buffer;
  error: number;
  items: Array<Record<string, string | number | undefined>>;
}

const MAX_ITEMS = 20;
const AREAS: Record<number, [string, number]> = { 0x80: ['P', 1024], 0x81: ['I', 1024], 0x82: ['Q', 1024], 0x83: ['M', 2048], 0x84: ['DB', 0], 0x1c: ['C', 512], 0x1d: ['T', 512] };
const ELEMENT_BYTES: Record<number, number> = { 1: 1, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 4, 8: 4, 0x1c: 2, 0x1d: 2 };
const TRANSPORT_NAMES: Record<number, string> = { 1: 'BIT', 2: 'BYTE', 3: 'CHAR', 4: 'WORD', 5: 'INT', 6: 'DWORD', 7: 'DINT', 8: 'REAL', 0x1c: 'COUNTER', 0x1d: 'TIMER' };

interface Item {
  tsize: number;
  count: number;
  db: number;
  area: number;
  byte: number;
  bit: number;
}

/** Data blocks that exist on this CPU: DB1..DBn, sizes drawn from the persona's process seed. */
function dbSize(image: ProcessImage, db: number): number {
  const n = 4 + (image.seedValue % 23);
  if (db < 1 || db > n) return 0;
  return db === 1 ? 512 : 64 << ((image.seedValue >> (db % 16)) & 3);
}

function memByte(image: ProcessImage, it: Item, offset: number, nowMs: number): number {
  const tSec = nowMs / 1000;
  const word = (base: number): number => image.holding(base + (offset >> 1), nowMs);
  switch (it.area) {
    case 0x84: {
      const w = word(it.db === 1 ? 0 : 4096 + it.db * 512);
      return offset & 1 ? w & 0xff : w >> 8;
    }
    case 0x81:
    case 0x82: {
      let b = 0;
      for (let i = 0; i < 8; i++) if (it.area === 0x81 ? image.discrete(offset * 8 + i, tSec) : image.coil(offset * 8 + i, tSec)) b |= 1 << i;
      return b;
    }
    case 0x83: {
      const w = word(20_000);
      return offset & 1 ? w & 0xff : w >> 8;
    }
    default:
      return 0;
  }
}

function check(it: Item, image: ProcessImage): { rc: number; bytes: number } {
  const el = ELEMENT_BYTES[it.tsize];
  if (el === undefined) return { rc: 0x06, bytes: 0 };
  const area = AREAS[it.area];
  if (!area) return { rc: 0x0a, bytes: 0 };
  const size = it.area === 0x84 ? dbSize(image, it.db) : area[1];
  if (size === 0) return { rc: 0x0a, bytes: 0 };
  if (it.tsize === 1 && it.count !== 1) return { rc: 0x05, bytes: 0 };
  const bytes = el * it.count;
  if (it.count < 1 || it.byte + bytes > size) return { rc: 0x05, bytes: 0 };
  return { rc: 0xff, bytes };
}

function describe(it: Item): Record<string, string | number | undefined> {
  const area = AREAS[it.area]?.[0] ?? `0x${it.area.toString(16)}`;
  return { area, db: it.area === 0x84 ? it.db : undefined, start: `${it.byte}.${it.bit}`, count: it.count, transport: TRANSPORT_NAMES[it.tsize] ?? `0x${it.tsize.toString(16)}` };
}

/** Answers a read or write var job; `maxData` is what the negotiated PDU leaves for the data part. */
export function answerVar(param: Buffer, data: Buffer, write: boolean, image: ProcessImage, nowMs: number, maxData = 960): VarAnswer {
  const fn = write ? 0x05 : 0x04;
  const count = param[1] ?? 0;
  const bad = (): VarAnswer => ({ param: Buffer.alloc(0), data: Buffer.alloc(0), error: 0x8104, items: [{ result: 'malformed', items: count }] });
  if (count < 1 || count > MAX_ITEMS || param.length !== 2 + 12 * count) return bad();
  const items: Item[] = [];
  for (let i = 0; i < count; i++) {
    const o = 2 + 12 * i;
    if (param[o] !== 0x12 || param[o + 1] !== 0x0a || param[o + 2] !== 0x10) return bad();
    const addr = ((param[o + 9] ?? 0) << 16) | ((param[o + 10] ?? 0) << 8) | (param[o + 11] ?? 0);
    items.push({ tsize: param[o + 3] ?? 0, count: param.readUInt16BE(o + 4), db: param.readUInt16BE(o + 6), area: param[o + 8] ?? 0, byte: addr >> 3, bit: addr & 7 });
  }
  const fields = items.map(describe);
  if (!write) {
    const parts: Buffer[] = [];
    let total = 0;
    items.forEach((it, i) => {
      const { rc, bytes } = check(it, image);
      fields[i]!['result'] = rc === 0xff ? 'ok' : `0x${rc.toString(16).padStart(2, '0')}`;
      total += 4 + bytes + (bytes & 1);
      if (rc !== 0xff) return parts.push(Buffer.from([rc, 0, 0, 0]));
      const body = Buffer.alloc(bytes);
      for (let k = 0; k < bytes; k++) body[k] = memByte(image, it, it.byte + k, nowMs);
      if (it.tsize === 1) body[0] = ((body[0] ?? 0) >> it.bit) & 1;
      const ts = it.tsize === 1 ? 0x03 : it.tsize === 0x1c || it.tsize === 0x1d ? 0x09 : 0x04;
      const len = ts === 0x09 ? bytes : it.tsize === 1 ? 1 : bytes * 8;
      const pad = i < items.length - 1 && bytes & 1 ? Buffer.alloc(1) : Buffer.alloc(0);
      parts.push(Buffer.from([0xff, ts, len >> 8, len & 0xff]), body, pad);
    });
    if (total > maxData) return { param: Buffer.alloc(0), data: Buffer.alloc(0), error: 0x8500, items: fields.map((f) => ({ ...f, result: 'pdu_size' })) };
    return { param: Buffer.from([fn, count]), data: Buffer.concat(parts), error: 0, items: fields };
  }
  const codes: number[] = [];
  let o = 0;
  items.forEach((it, i) => {
    const ts = data[o + 1] ?? 0;
    const len = data.length >= o + 4 ? data.readUInt16BE(o + 2) : 0;
    const n = ts === 0x03 || ts === 0x04 || ts === 0x05 ? Math.ceil(len / 8) : len;
    const body = data.subarray(o + 4, o + 4 + n);
    o += 4 + n + (i < items.length - 1 && n & 1 ? 1 : 0);
    const { rc, bytes } = check(it, image);
    const ok = rc === 0xff && body.length === n && (it.tsize === 1 ? n === 1 : n === bytes);
    codes.push(ok ? 0xff : rc === 0xff ? 0x07 : rc);
    Object.assign(fields[i]!, { values_hex: bytesToHex(body.subarray(0, 64)), bytes: n, result: ok ? 'ok' : `0x${(codes[i] ?? 0).toString(16)}` });
    if (ok && it.area === 0x84 && it.db === 1 && it.tsize !== 1) {
      // DB1 is the holding register table: a written word reads back (and shows on Modbus).
      for (let k = 0; k < n; k++) {
        const at = it.byte + k;
        const w = image.holding(at >> 1, nowMs);
        image.writeHolding(at >> 1, at & 1 ? (w & 0xff00) | (body[k] ?? 0) : ((body[k] ?? 0) << 8) | (w & 0xff));
      }
    }
  });
  return { param: Buffer.from([fn, count]), data: Buffer.from(codes), error: 0, items: fields };
}
