// MySQL client/server protocol framing and the client's login packets (MySQL Internals manual,
// "Connection Phase"): 3-byte length + sequence id packets, HandshakeResponse41 (with length-encoded
// auth data, database, plugin name and connection attributes) and the SSLRequest. Pure and bounded.
import { ByteQueue } from '../_io/byte-queue';

export const CLIENT = {
  LONG_PASSWORD: 1, CONNECT_WITH_DB: 8, PROTOCOL_41: 0x200, SSL: 0x800, SECURE_CONNECTION: 0x8000,
  PLUGIN_AUTH: 1 << 19, CONNECT_ATTRS: 1 << 20, PLUGIN_AUTH_LENENC_CLIENT_DATA: 1 << 21,
} as const;

export interface Packet {
  seq: number;
  payload: Buffer;
}

export type PacketFrame = { kind: 'packet'; packet: Packet } | { kind: 'oversized'; bytes: number; seq: number };

/** Splits the byte stream into packets (protocol "Packets": int<3> length, int<1> sequence id). */
export class PacketReader {
  private readonly q = new ByteQueue();
  constructor(private readonly maxPayload: number) {}

  push(chunk: Uint8Array): void {
    this.q.push(chunk);
  }

  next(): PacketFrame | undefined {
    if (this.q.length < 4) return undefined;
    const len = this.q.at(0) | (this.q.at(1) << 8) | (this.q.at(2) << 16);
    if (len > this.maxPayload) return { kind: 'oversized', bytes: len, seq: this.q.at(3) };
    if (this.q.length < 4 + len) return undefined;
    const seq = this.q.at(3);
    this.q.skip(4);
    return { kind: 'packet', packet: { seq, payload: this.q.take(len) } };
  }
}

/** Bounds-checked little-endian cursor over a payload; reading past the end throws RangeError. */
class Cursor {
  pos = 0;
  constructor(readonly b: Buffer) {}
  get left(): number {
    return this.b.length - this.pos;
  }
  u8(): number {
    if (this.left < 1) throw new RangeError('short packet');
    return this.b[this.pos++] ?? 0;
  }
  u32(): number {
    if (this.left < 4) throw new RangeError('short packet');
    const v = this.b.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  bytes(n: number): Buffer {
    if (n < 0 || this.left < n) throw new RangeError('short packet');
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  /** string<NUL>; an unterminated string runs to the end of the packet, as mysqld's parser allows. */
  cstr(): Buffer {
    const end = this.b.indexOf(0, this.pos);
    const v = this.b.subarray(this.pos, end < 0 ? this.b.length : end);
    this.pos = end < 0 ? this.b.length : end + 1;
    return v;
  }
  /** int<lenenc> (0xfb is NULL, 0xfc/0xfd/0xfe prefix 2/3/8 bytes). */
  lenenc(): number {
    const f = this.u8();
    if (f < 0xfb) return f;
    if (f === 0xfc) return this.u8() | (this.u8() << 8);
    if (f === 0xfd) return this.u8() | (this.u8() << 8) | (this.u8() << 16);
    if (f === 0xfe) {
      const lo = this.u32();
      const hi = this.u32();
      return hi > 0 ? Number.MAX_SAFE_INTEGER : lo;
    }
    throw new RangeError('bad lenenc');
  }
}

export interface HandshakeResponse {
  capabilities: number;
  maxPacket: number;
  charset: number;
  user: Buffer;
  authResponse: Buffer;
  database?: Buffer;
  plugin?: string;
  attrs: Array<[string, string]>;
}

const MAX_ATTRS = 32;
const MAX_ATTR_CHARS = 256;

/** An SSLRequest is the first 32 bytes of a HandshakeResponse41 with CLIENT_SSL set. */
export function isSslRequest(payload: Buffer): boolean {
  return payload.length === 32 && (payload.readUInt32LE(0) & CLIENT.SSL) !== 0;
}

/** Protocol::HandshakeResponse41; null when the packet is not one (pre-4.1 or truncated). */
export function parseHandshakeResponse(payload: Buffer): HandshakeResponse | null {
  try {
    const c = new Cursor(payload);
    const capabilities = c.u32();
    if ((capabilities & CLIENT.PROTOCOL_41) === 0) return null;
    const maxPacket = c.u32();
    const charset = c.u8();
    c.bytes(23);
    const user = c.cstr();
    let authResponse: Buffer;
    if (capabilities & CLIENT.PLUGIN_AUTH_LENENC_CLIENT_DATA) authResponse = c.bytes(c.lenenc());
    else if (capabilities & CLIENT.SECURE_CONNECTION) authResponse = c.bytes(c.u8());
    else authResponse = c.cstr();
    const r: HandshakeResponse = { capabilities, maxPacket, charset, user, authResponse, attrs: [] };
    try {
      // Optional tail: a malformed tail must not lose the credential parsed above.
      if (capabilities & CLIENT.CONNECT_WITH_DB && c.left > 0) r.database = c.cstr();
      if (capabilities & CLIENT.PLUGIN_AUTH && c.left > 0) r.plugin = c.cstr().toString('latin1').slice(0, 64);
      if (capabilities & CLIENT.CONNECT_ATTRS && c.left > 0) {
        const end = Math.min(c.lenenc() + c.pos, payload.length);
        while (c.pos < end && r.attrs.length < MAX_ATTRS) {
          const k = c.bytes(c.lenenc()).toString('utf8').slice(0, MAX_ATTR_CHARS);
          const v = c.bytes(c.lenenc()).toString('utf8').slice(0, MAX_ATTR_CHARS);
          r.attrs.push([k, v]);
        }
      }
    } catch {
      /* keep what was parsed */
    }
    return r;
  } catch {
    return null;
  }
}
