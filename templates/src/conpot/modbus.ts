// Modbus application layer of the PLC persona (Modbus Application Protocol V1.1b3 §6): reads of the
// four tables from the process image, writes acknowledged (and kept) and reported as intent, Read
// Device Identification (43/14), Report Server ID (17), Diagnostics echo (8/0), and the exception
// responses (§7) a PLC returns for unknown functions, out-of-range addresses and bad values.
import type { ConpotPersona } from './persona';
import type { ProcessImage } from './process';

export const EXC = { ILLEGAL_FUNCTION: 1, ILLEGAL_DATA_ADDRESS: 2, ILLEGAL_DATA_VALUE: 3 } as const;
const EXC_NAMES: Record<number, string> = { 1: 'illegal_function', 2: 'illegal_data_address', 3: 'illegal_data_value' };

export const FUNCTION_NAMES: Readonly<Record<number, string>> = {
  1: 'read_coils', 2: 'read_discrete_inputs', 3: 'read_holding_registers', 4: 'read_input_registers',
  5: 'write_single_coil', 6: 'write_single_register', 7: 'read_exception_status', 8: 'diagnostics',
  11: 'get_comm_event_counter', 15: 'write_multiple_coils', 16: 'write_multiple_registers', 17: 'report_server_id',
  20: 'read_file_record', 21: 'write_file_record', 22: 'mask_write_register', 23: 'read_write_multiple_registers',
  43: 'encapsulated_interface_transport', 90: 'unity_umas',
};

export type ModbusFields = Record<string, string | number | undefined>;

export interface ModbusAnswer {
  pdu: Buffer;
  fields: ModbusFields;
}

const VENDOR_URLS: Record<string, string> = {
  siemens: 'http://www.siemens.com/automation',
  schneider: 'http://www.schneider-electric.com',
  abb: 'http://www.abb.com/plc',
};

function exception(fc: number, code: number, fields: ModbusFields): ModbusAnswer {
  return { pdu: Buffer.from([(fc | 0x80) & 0xff, code]), fields: { ...fields, exception: EXC_NAMES[code] ?? String(code) } };
}

function packBits(n: number, bit: (i: number) => boolean): Buffer {
  const out = Buffer.alloc(Math.ceil(n / 8));
  for (let i = 0; i < n; i++) if (bit(i)) out[i >> 3] = (out[i >> 3] ?? 0) | (1 << (i & 7));
  return out;
}

const shownValues = (vals: number[]): string => vals.slice(0, 32).join(',') + (vals.length > 32 ? ',...' : '');

/** Device identification objects 0x00-0x06 (§6.21, table "Categories of Objects"). */
export function deviceObjects(p: ConpotPersona): string[] {
  return [p.vendorName, p.orderNumber, p.firmwareText, VENDOR_URLS[p.vendor] ?? '', p.family, p.module, p.systemName];
}

function readDeviceId(pdu: Buffer, p: ConpotPersona, fields: ModbusFields): ModbusAnswer {
  if (pdu.length !== 4) return exception(43, EXC.ILLEGAL_DATA_VALUE, fields);
  const code = pdu[2] ?? 0;
  let obj = pdu[3] ?? 0;
  Object.assign(fields, { read_dev_id_code: code, object_id: obj, intent: 'identify' });
  if (code < 1 || code > 4) return exception(43, EXC.ILLEGAL_DATA_VALUE, fields);
  const objects = deviceObjects(p);
  let ids: number[];
  if (code === 4) {
    if (obj >= objects.length) return exception(43, EXC.ILLEGAL_DATA_ADDRESS, fields);
    ids = [obj];
  } else {
    const last = code === 1 ? 2 : objects.length - 1;
    // A stream access to an unknown object restarts at object 0 (§6.21).
    if (obj > last) obj = 0;
    ids = [];
    for (let i = obj; i <= last; i++) ids.push(i);
  }
  const body = ids.flatMap((id) => {
    const v = Buffer.from(objects[id] ?? '', 'latin1').subarray(0, 64);
    return [Buffer.from([id, v.length]), v];
  });
  // Conformity 0x82: regular identification, stream and individual access.
  return { pdu: Buffer.concat([Buffer.from([0x2b, 0x0e, code, 0x82, 0x00, 0x00, ids.length]), ...body]), fields };
}

/** Answers one request PDU (function code first) for unit `unit`. */
export function answerModbus(pdu: Buffer, unit: number, p: ConpotPersona, image: ProcessImage, nowMs: number): ModbusAnswer {
  const fc = pdu[0] ?? 0;
  const fields: ModbusFields = { protocol: 'modbus', unit, function_code: fc, function: FUNCTION_NAMES[fc] ?? 'unknown' };
  const tSec = nowMs / 1000;
  const u16 = (o: number): number => (pdu.length >= o + 2 ? pdu.readUInt16BE(o) : -1);
  const addr = u16(1);
  const qty = u16(3);
  switch (fc) {
    case 1:
    case 2:
    case 3:
    case 4: {
      const bits = fc <= 2;
      Object.assign(fields, { address: addr, quantity: qty, intent: 'read' });
      if (pdu.length !== 5 || qty < 1 || qty > (bits ? 2000 : 125)) return exception(fc, EXC.ILLEGAL_DATA_VALUE, fields);
      const size = fc === 1 ? p.tables.coils : fc === 2 ? p.tables.discrete : fc === 3 ? p.tables.holding : p.tables.input;
      if (addr + qty > size) return exception(fc, EXC.ILLEGAL_DATA_ADDRESS, fields);
      if (bits) {
        const data = packBits(qty, (i) => (fc === 1 ? image.coil(addr + i, tSec) : image.discrete(addr + i, tSec)));
        return { pdu: Buffer.concat([Buffer.from([fc, data.length]), data]), fields };
      }
      const data = Buffer.alloc(qty * 2);
      for (let i = 0; i < qty; i++) data.writeUInt16BE(fc === 3 ? image.holding(addr + i, nowMs) : image.input(addr + i, nowMs), i * 2);
      return { pdu: Buffer.concat([Buffer.from([fc, data.length]), data]), fields };
    }
    case 5:
    case 6: {
      Object.assign(fields, { address: addr, values: String(qty), intent: 'write' });
      if (pdu.length !== 5) return exception(fc, EXC.ILLEGAL_DATA_VALUE, fields);
      if (fc === 5 && qty !== 0x0000 && qty !== 0xff00) return exception(fc, EXC.ILLEGAL_DATA_VALUE, fields);
      if (addr >= (fc === 5 ? p.tables.coils : p.tables.holding)) return exception(fc, EXC.ILLEGAL_DATA_ADDRESS, fields);
      if (fc === 5) image.writeCoil(addr, qty === 0xff00);
      else image.writeHolding(addr, qty);
      if (fc === 5) fields['values'] = qty === 0xff00 ? '1' : '0';
      return { pdu: Buffer.from(pdu), fields };
    }
    case 15:
    case 16: {
      const count = pdu[5] ?? -1;
      Object.assign(fields, { address: addr, quantity: qty, intent: 'write' });
      const coils = fc === 15;
      const okQty = qty >= 1 && qty <= (coils ? 0x7b0 : 0x7b);
      if (!okQty || count !== (coils ? Math.ceil(qty / 8) : qty * 2) || pdu.length !== 6 + count) return exception(fc, EXC.ILLEGAL_DATA_VALUE, fields);
      if (addr + qty > (coils ? p.tables.coils : p.tables.holding)) return exception(fc, EXC.ILLEGAL_DATA_ADDRESS, fields);
      const values: number[] = [];
      for (let i = 0; i < qty; i++) {
        const v = coils ? ((pdu[6 + (i >> 3)] ?? 0) >> (i & 7)) & 1 : pdu.readUInt16BE(6 + i * 2);
        values.push(v);
        if (coils) image.writeCoil(addr + i, v === 1);
        else image.writeHolding(addr + i, v);
      }
      fields['values'] = shownValues(values);
      return { pdu: pdu.subarray(0, 5), fields };
    }
    case 8: {
      // Diagnostics sub-function 0 (Return Query Data) echoes; the serial-line counters are not kept over TCP.
      Object.assign(fields, { sub_function: addr, intent: 'diagnostic' });
      if (addr !== 0) return exception(fc, EXC.ILLEGAL_FUNCTION, fields);
      return { pdu: Buffer.from(pdu), fields };
    }
    case 17: {
      fields['intent'] = 'identify';
      const extra = Buffer.from(`${p.module} ${p.firmwareText}`, 'latin1').subarray(0, 64);
      const data = Buffer.concat([Buffer.from([unit & 0xff, 0xff]), extra]);
      return { pdu: Buffer.concat([Buffer.from([17, data.length]), data]), fields };
    }
    case 43:
      if (pdu[1] !== 0x0e) return exception(fc, EXC.ILLEGAL_FUNCTION, { ...fields, mei_type: pdu[1] });
      return readDeviceId(pdu, p, fields);
    default:
      return exception(fc & 0x7f, EXC.ILLEGAL_FUNCTION, fields);
  }
}
