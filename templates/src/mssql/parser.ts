// TDS framing and the client's pre-login messages (MS-TDS §2.2.3 packet header, §2.2.6.5 PRELOGIN,
// §2.2.6.4 LOGIN7 with §2.2.6.4's password obfuscation): packets reassembled into messages until
// EOM, bounded; after the in-band TLS handshake the client's raw TLS records pass through untouched.
import { ByteQueue } from '../_io/byte-queue';

export const PKT = { SQL_BATCH: 0x01, RPC: 0x03, REPLY: 0x04, ATTENTION: 0x06, LOGIN7: 0x10, SSPI: 0x11, PRELOGIN: 0x12 } as const;
/** MS-TDS: packet size is at most 32767 bytes. */
export const MAX_PACKET = 32_767;

export type TdsFrame =
  | { kind: 'message'; type: number; payload: Buffer }
  | { kind: 'bad_packet'; length: number; type: number }
  | { kind: 'oversized'; length: number }
  | { kind: 'raw'; data: Buffer };

export class TdsReader {
  private readonly q = new ByteQueue();
  private parts: Buffer[] = [];
  private size = 0;
  private type = -1;
  /** Set while TLS handshake records may be followed by raw TLS (ENCRYPT_OFF/ON negotiated). */
  allowRawTls = false;
  /** The client has switched to raw TLS records (no TDS header). */
  raw = false;

  constructor(private readonly maxMessage: number) {}

  push(chunk: Uint8Array): void {
    this.q.push(chunk);
  }

  next(): TdsFrame | undefined {
    if (this.raw) return this.q.length ? { kind: 'raw', data: this.q.take(this.q.length) } : undefined;
    if (this.q.length < 1) return undefined;
    // TLS record types 0x14-0x17 are not TDS packet types: the handshake is over.
    const first = this.q.at(0);
    if (this.allowRawTls && first >= 0x14 && first <= 0x17) {
      this.raw = true;
      return this.next();
    }
    if (this.q.length < 8) return undefined;
    const length = (this.q.at(2) << 8) | this.q.at(3);
    if (length < 8 || length > MAX_PACKET) return { kind: 'bad_packet', length, type: first };
    if (this.q.length < length) return undefined;
    const pkt = this.q.take(length);
    const status = pkt[1] ?? 0;
    if (this.type !== -1 && this.type !== first) this.reset();
    this.type = first;
    this.size += length - 8;
    if (this.size > this.maxMessage) {
      const size = this.size;
      this.reset();
      return { kind: 'oversized', length: size };
    }
    this.parts.push(pkt.subarray(8));
    if ((status & 0x01) === 0) return this.next();
    const msg: TdsFrame = { kind: 'message', type: first, payload: Buffer.concat(this.parts) };
    this.reset();
    return msg;
  }

  private reset(): void {
    this.parts = [];
    this.size = 0;
    this.type = -1;
  }
}

/** PRELOGIN option tokens (§2.2.6.5). */
export const OPT = { VERSION: 0, ENCRYPTION: 1, INSTOPT: 2, THREADID: 3, MARS: 4, TRACEID: 5, FEDAUTHREQUIRED: 6, NONCEOPT: 7, TERMINATOR: 0xff } as const;

/** PRELOGIN options by token; null when the option table is malformed. At most 16 options. */
export function parsePrelogin(p: Buffer): Map<number, Buffer> | null {
  const out = new Map<number, Buffer>();
  for (let o = 0; o < p.length && out.size < 16; o += 5) {
    const token = p[o]!;
    if (token === OPT.TERMINATOR) return out;
    if (o + 5 > p.length) return null;
    const off = p.readUInt16BE(o + 1);
    const len = p.readUInt16BE(o + 3);
    if (off + len > p.length) return null;
    out.set(token, p.subarray(off, off + len));
  }
  return out.size ? out : null;
}

export interface Login7 {
  tdsVersion: number;
  packetSize: number;
  clientProgVer: number;
  clientPid: number;
  hostName: string;
  userName: string;
  password: string;
  appName: string;
  serverName: string;
  libraryName: string;
  language: string;
  database: string;
  sspi: Buffer;
}

/** §2.2.6.4: each password byte had its nibbles swapped, then XOR 0xA5; undo it (XOR, then swap). */
export function deobfuscatePassword(b: Buffer): string {
  const out = Buffer.alloc(b.length);
  for (let i = 0; i < b.length; i++) {
    const x = (b[i] ?? 0) ^ 0xa5;
    out[i] = ((x & 0x0f) << 4) | (x >> 4);
  }
  return out.toString('utf16le');
}

const MAX_FIELD_CHARS = 256;

/** LOGIN7 (§2.2.6.4); null when the fixed part or an (offset, length) pair does not fit. */
export function parseLogin7(p: Buffer): Login7 | null {
  if (p.length < 94) return null;
  const field = (at: number, chars = true): Buffer | null => {
    const off = p.readUInt16LE(at);
    const len = p.readUInt16LE(at + 2) * (chars ? 2 : 1);
    if (len === 0) return Buffer.alloc(0);
    if (off + len > p.length) return null;
    return p.subarray(off, off + len);
  };
  const str = (b: Buffer | null): string => (b ? b.toString('utf16le').slice(0, MAX_FIELD_CHARS) : '');
  const pw = field(44);
  const user = field(40);
  if (pw === null || user === null) return null;
  return {
    tdsVersion: p.readUInt32LE(4),
    packetSize: p.readUInt32LE(8),
    clientProgVer: p.readUInt32LE(12),
    clientPid: p.readUInt32LE(16),
    hostName: str(field(36)),
    userName: str(user),
    password: deobfuscatePassword(pw).slice(0, MAX_FIELD_CHARS),
    appName: str(field(48)),
    serverName: str(field(52)),
    libraryName: str(field(60)),
    language: str(field(64)),
    database: str(field(68)),
    sspi: field(78, false) ?? Buffer.alloc(0),
  };
}
