// RFB handshake input (RFC 6143 §7.1-7.2): the client's ProtocolVersion line, its security-type
// byte and the 16-byte VNC Authentication response. Fixed-size reads over a bounded buffer; no I/O.
import { ByteQueue } from '../_io/byte-queue';

export interface RfbVersion {
  major: number;
  minor: number;
  /** The 12 bytes as sent, newline stripped, non-printables as '?'. */
  text: string;
}

/** RFC 6143 §7.1.1: "RFB xxx.yyy\n", three decimal digits each. */
export function parseVersion(line: Uint8Array): RfbVersion | null {
  if (line.length !== 12) return null;
  const s = Buffer.from(line).toString('latin1');
  const m = /^RFB (\d{3})\.(\d{3})\n$/.exec(s);
  const text = s.replace(/\n$/, '').replace(/[^\x20-\x7e]/g, '?');
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), text };
}

/** Printable form of a non-RFB first line, for the protocol_error event. */
export function shownLine(line: Uint8Array): string {
  return Buffer.from(line).toString('latin1').replace(/[^\x20-\x7e]/g, '?');
}

/**
 * The minor version the server then speaks, as TigerVNC's SConnection maps unofficial versions
 * (3.4-3.6 -> 3.3, 3.889 -> 3.8), never above what the server announced; null for major != 3.
 */
export function negotiatedMinor(client: RfbVersion, serverMinor: 3 | 7 | 8): 3 | 7 | 8 | null {
  if (client.major !== 3) return null;
  const c = client.minor >= 8 ? 8 : client.minor === 7 ? 7 : 3;
  return c > serverMinor ? serverMinor : c;
}

/** Fixed-size reads over a ByteQueue that refuses to hold more than `maxBytes` unread bytes. */
export class HandshakeReader {
  private readonly q = new ByteQueue();
  overflowed = false;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Uint8Array): void {
    if (this.overflowed) return;
    if (this.q.length + chunk.length > this.maxBytes) {
      this.overflowed = true;
      this.q.clear();
      return;
    }
    this.q.push(chunk);
  }

  get buffered(): number {
    return this.q.length;
  }

  /** The next n bytes, or undefined until they have all arrived. */
  take(n: number): Buffer | undefined {
    return this.q.length >= n ? this.q.take(n) : undefined;
  }
}
