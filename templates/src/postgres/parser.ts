// PostgreSQL frontend messages (protocol v3, "Message Formats"): the untyped startup-phase packets
// (StartupMessage, SSLRequest, GSSENCRequest, CancelRequest: Int32 length + Int32 code) and then
// typed messages (Byte1 type + Int32 length). Pure, bounded, copes with input split anywhere.
import { ByteQueue } from '../_io/byte-queue';

export const CODE = { SSL: 80877103, GSSENC: 80877104, CANCEL: 80877102, V3: 196608 } as const;
/** postmaster.c MAX_STARTUP_PACKET_LENGTH. */
export const MAX_STARTUP_PACKET = 10_000;

export type PgFrame =
  | { kind: 'startup'; code: number; body: Buffer }
  | { kind: 'bad_startup_length'; length: number }
  | { kind: 'message'; type: string; body: Buffer }
  | { kind: 'oversized'; type: string; length: number };

export class PgReader {
  private readonly q = new ByteQueue();
  /** Startup phase until the server has accepted a StartupMessage. */
  startupPhase = true;

  constructor(private readonly maxMessage: number) {}

  push(chunk: Uint8Array): void {
    this.q.push(chunk);
  }

  /** Drops unread bytes (sent in clear before a TLS upgrade). */
  clear(): void {
    this.q.clear();
  }

  next(): PgFrame | undefined {
    if (this.startupPhase) {
      if (this.q.length < 4) return undefined;
      const len = this.u32(0);
      // ProcessStartupPacket: "invalid length of startup packet" (COMMERROR: nothing sent back).
      if (len < 8 || len > MAX_STARTUP_PACKET) return { kind: 'bad_startup_length', length: len };
      if (this.q.length < len) return undefined;
      const p = this.q.take(len);
      return { kind: 'startup', code: p.readUInt32BE(4), body: p.subarray(8) };
    }
    if (this.q.length < 5) return undefined;
    const type = String.fromCharCode(this.q.at(0));
    const len = this.u32(1);
    if (len < 4 || len - 4 > this.maxMessage) return { kind: 'oversized', type, length: len };
    if (this.q.length < len + 1) return undefined;
    const p = this.q.take(len + 1);
    return { kind: 'message', type, body: p.subarray(5) };
  }

  private u32(at: number): number {
    return ((this.q.at(at) << 24) | (this.q.at(at + 1) << 16) | (this.q.at(at + 2) << 8) | this.q.at(at + 3)) >>> 0;
  }
}

const MAX_PARAMS = 64;
const MAX_PARAM_CHARS = 256;

/** StartupMessage parameters: name\0value\0 ... \0. Bounded; a missing terminator ends the list. */
export function parseStartupParams(body: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let o = 0;
  while (o < body.length && body[o] !== 0 && out.size < MAX_PARAMS) {
    const k = body.indexOf(0, o);
    if (k < 0) break;
    const v = body.indexOf(0, k + 1);
    if (v < 0) break;
    out.set(body.subarray(o, k).toString('utf8').slice(0, MAX_PARAM_CHARS), body.subarray(k + 1, v).toString('utf8').slice(0, MAX_PARAM_CHARS));
    o = v + 1;
  }
  return out;
}

/** PasswordMessage: a C string (the md5 response "md5" + 32 hex). */
export function parseCString(body: Buffer): string {
  const nul = body.indexOf(0);
  return body.subarray(0, nul < 0 ? body.length : nul).toString('utf8');
}

/** SASLInitialResponse: mechanism\0, Int32 length (-1: none), data. Null when malformed. */
export function parseSaslInitial(body: Buffer): { mechanism: string; data: Buffer } | null {
  const nul = body.indexOf(0);
  if (nul < 0 || body.length < nul + 5) return null;
  const mechanism = body.subarray(0, nul).toString('latin1').slice(0, 64);
  const len = body.readInt32BE(nul + 1);
  const data = body.subarray(nul + 5);
  if (len === -1) return { mechanism, data: Buffer.alloc(0) };
  if (len < 0 || len !== data.length) return null;
  return { mechanism, data };
}

export interface ClientFirst {
  /** gs2 channel-binding flag: n, y or p=<type>. */
  cbind: string;
  bare: string;
  user: string;
  nonce: string;
}

/** RFC 5802 §7 client-first-message: gs2-header client-first-message-bare. */
export function parseClientFirst(text: string): ClientFirst | null {
  const m = /^(n|y|p=[A-Za-z0-9.-]+),(a=[^,]*)?,(n=([^,]*),r=([\x21-\x2b\x2d-\x7e]+)(,.*)?)$/.exec(text);
  if (!m) return null;
  return { cbind: m[1] ?? 'n', bare: m[3] ?? '', user: m[4] ?? '', nonce: m[5] ?? '' };
}

export interface ClientFinal {
  withoutProof: string;
  channelBinding: string;
  nonce: string;
  proof: Buffer;
}

/** RFC 5802 §7 client-final-message: c=..,r=..[,extensions],p=<base64 proof>. */
export function parseClientFinal(text: string): ClientFinal | null {
  const m = /^(c=([A-Za-z0-9+/=]*),r=([\x21-\x2b\x2d-\x7e]+)(?:,[^,]*)*?),p=([A-Za-z0-9+/]+={0,2})$/.exec(text);
  if (!m) return null;
  return { withoutProof: m[1] ?? '', channelBinding: m[2] ?? '', nonce: m[3] ?? '', proof: Buffer.from(m[4] ?? '', 'base64') };
}
