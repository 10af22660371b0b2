// TFTP packets (RFC 1350 §5, options RFC 2347 §2, OACK RFC 2347 §3): one datagram in, one packet or
// an error out, no I/O. Strings are NUL-terminated and bounded; at most 16 option pairs are read.
export const OP = { RRQ: 1, WRQ: 2, DATA: 3, ACK: 4, ERROR: 5, OACK: 6 } as const;

/** Longest filename, mode, option name or value we read (tftpd-hpa's PKTSIZE bounds them too). */
export const MAX_STRING_BYTES = 255;
export const MAX_OPTIONS = 16;

export type Packet =
  | { op: 1 | 2; filename: string; mode: string; options: Array<[name: string, value: string]> }
  | { op: 3; block: number; data: Uint8Array }
  | { op: 4; block: number }
  | { op: 5; code: number; message: string }
  | { op: 6; options: Array<[string, string]> }
  | { op: 'unknown'; opcode: number };

export type ParseResult = { ok: true; packet: Packet } | { ok: false; error: string };

/** NUL-terminated strings from `off` (latin1, as tftpd-hpa treats them: bytes, not UTF-8). */
function strings(buf: Uint8Array, off: number, max: number): string[] | string {
  const out: string[] = [];
  let start = off;
  for (let i = off; i < buf.length; i++) {
    if (buf[i] !== 0) continue;
    if (i - start > MAX_STRING_BYTES) return 'string_too_long';
    out.push(Buffer.from(buf.subarray(start, i)).toString('latin1'));
    if (out.length > max) return 'too_many_options';
    start = i + 1;
  }
  // RFC 1350 §5: every string ends in a zero byte; tftpd-hpa refuses the rest.
  return start === buf.length ? out : 'not_null_terminated';
}

export function parsePacket(buf: Uint8Array): ParseResult {
  if (buf.length < 2) return { ok: false, error: 'truncated' };
  const opcode = (buf[0]! << 8) | buf[1]!;
  switch (opcode) {
    case OP.RRQ:
    case OP.WRQ:
    case OP.OACK: {
      const s = strings(buf, 2, 2 + MAX_OPTIONS * 2);
      if (typeof s === 'string') return { ok: false, error: s };
      const head = opcode === OP.OACK ? 0 : 2;
      if (s.length < head || (s.length - head) % 2 !== 0) return { ok: false, error: 'bad_fields' };
      const options: Array<[string, string]> = [];
      for (let i = head; i + 1 < s.length; i += 2) options.push([s[i]!, s[i + 1]!]);
      if (opcode === OP.OACK) return { ok: true, packet: { op: OP.OACK, options } };
      return { ok: true, packet: { op: opcode, filename: s[0]!, mode: s[1]!, options } };
    }
    case OP.DATA:
    case OP.ACK: {
      if (buf.length < 4) return { ok: false, error: 'truncated' };
      const block = (buf[2]! << 8) | buf[3]!;
      return { ok: true, packet: opcode === OP.DATA ? { op: OP.DATA, block, data: buf.subarray(4) } : { op: OP.ACK, block } };
    }
    case OP.ERROR: {
      if (buf.length < 4) return { ok: false, error: 'truncated' };
      const end = buf.indexOf(0, 4);
      const msg = Buffer.from(buf.subarray(4, end < 0 ? Math.min(buf.length, 4 + MAX_STRING_BYTES) : Math.min(end, 4 + MAX_STRING_BYTES))).toString('latin1');
      return { ok: true, packet: { op: OP.ERROR, code: (buf[2]! << 8) | buf[3]!, message: msg } };
    }
    default:
      return { ok: true, packet: { op: 'unknown', opcode } };
  }
}

// Encoders (our packets; sizes bounded by the block size we accepted).

export function errorPacket(code: number, message: string): Uint8Array {
  const m = Buffer.from(message, 'latin1');
  const out = new Uint8Array(5 + m.length);
  out[1] = OP.ERROR;
  out[3] = code;
  out.set(m, 4);
  return out;
}

export function dataPacket(block: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + data.length);
  out[1] = OP.DATA;
  out[2] = (block >> 8) & 0xff;
  out[3] = block & 0xff;
  out.set(data, 4);
  return out;
}

export const ackPacket = (block: number): Uint8Array => Uint8Array.of(0, OP.ACK, (block >> 8) & 0xff, block & 0xff);

export function oackPacket(options: ReadonlyArray<[string, string]>): Uint8Array {
  return Uint8Array.from([0, OP.OACK, ...options.flatMap(([k, v]) => [...Buffer.from(`${k}\0${v}\0`, 'latin1')])]);
}
