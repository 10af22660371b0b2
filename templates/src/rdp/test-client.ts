// Test-only: a scripted RDP/NLA client (X.224 CR, real TLS, TSRequests) for the rdp tests; never
// imported by the template itself.
import { createConnection } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { parseTsRequest, TsRequestReader } from './credssp';

/** TPKT + X.224 CR, optional mstshash cookie and RDP_NEG_REQ. */
export function connectionRequest(o: { user?: string; protocols?: number }): Buffer {
  const cookie = o.user !== undefined ? Buffer.from(`Cookie: mstshash=${o.user}\r\n`) : Buffer.alloc(0);
  const neg = o.protocols !== undefined ? Buffer.from([1, 0, 8, 0, o.protocols, 0, 0, 0]) : Buffer.alloc(0);
  const x224 = Buffer.concat([Buffer.from([0, 0xe0, 0, 0, 0, 0, 0]), cookie, neg]);
  x224[0] = x224.length - 1;
  return Buffer.concat([Buffer.from([3, 0, (x224.length + 4) >> 8, (x224.length + 4) & 0xff]), x224]);
}

/** A scripted NLA client over real TLS: CR, TLS, TSRequests in, TSRequests out. */
export class NlaClient {
  private tls?: TLSSocket;
  private readonly frames = new TsRequestReader(1 << 20);
  private readonly got: Buffer[] = [];
  closed = false;

  static async open(port: number, protocols: number): Promise<NlaClient> {
    const c = new NlaClient();
    const raw = createConnection({ host: '127.0.0.1', port });
    await new Promise((r) => raw.once('connect', r));
    raw.write(connectionRequest({ user: 'alice', protocols }));
    await new Promise((r) => raw.once('data', r));
    raw.removeAllListeners('data');
    c.tls = tlsConnect({ socket: raw, rejectUnauthorized: false });
    await new Promise((r) => c.tls!.once('secureConnect', r));
    c.tls.on('data', (d: Buffer) => {
      c.frames.push(d);
      for (let f = c.frames.next(); f; f = c.frames.next()) if (f.kind === 'frame') c.got.push(f.bytes);
    });
    c.tls.on('close', () => (c.closed = true));
    return c;
  }

  get cert(): string {
    return String(this.tls?.getPeerCertificate().subject?.CN);
  }

  async exchange(req: Buffer): Promise<ReturnType<typeof parseTsRequest>> {
    this.tls!.write(req);
    for (let i = 0; i < 300 && this.got.length === 0 && !this.closed; i++) await new Promise((r) => setTimeout(r, 10));
    const b = this.got.shift();
    return b ? parseTsRequest(b) : null;
  }

  async untilClosed(): Promise<void> {
    for (let i = 0; i < 300 && !this.closed; i++) await new Promise((r) => setTimeout(r, 10));
  }
}

