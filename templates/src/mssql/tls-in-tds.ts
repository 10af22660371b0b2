// TLS inside TDS (MS-TDS §3.2.5.2 / §3.3.5.2): handshake records travel in PRELOGIN (0x12) packets,
// then the client sends raw TLS records (the LOGIN7 only when ENCRYPT_OFF was negotiated). SQL
// Server without a configured certificate presents a self-signed "SSL_Self_Signed_Fallback" one,
// made when the service starts, so one per decky per process here.
import { Duplex } from 'node:stream';
import { createSecureContext, TLSSocket, type SecureContext } from 'node:tls';
import { generateSnakeoil } from '../runner/tls-cert';
import { PKT } from './parser';
import { packets } from './responses';

const contexts = new Map<string, Promise<SecureContext>>();

export function fallbackContext(seed: string, startedAt: Date): Promise<SecureContext> {
  let c = contexts.get(seed);
  if (!c) {
    c = generateSnakeoil('SSL_Self_Signed_Fallback', startedAt).then((p) => createSecureContext({ cert: p.cert, key: p.key, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }));
    contexts.set(seed, c);
    c.catch(() => contexts.delete(seed));
  }
  return c;
}

export interface TdsTls {
  /** Bytes from the client: unwrapped PRELOGIN payloads during the handshake, raw records after. */
  feed(data: Buffer): void;
  /** Sends over TLS (full encryption). */
  write(data: Buffer, done: () => void): void;
  destroy(): void;
}

/**
 * Server TLS over a pipe: until the client goes raw, each output burst is wrapped in one PRELOGIN
 * message (clients read one message per handshake round); afterwards records go out raw.
 */
export function tdsTls(
  context: SecureContext,
  out: { write(b: Buffer): void; isRaw(): boolean },
  on: { data(b: Buffer): void; error(e: Error): void },
): TdsTls {
  let pending: Buffer[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    const data = Buffer.concat(pending);
    pending = [];
    if (data.length) out.write(out.isRaw() ? data : packets(PKT.PRELOGIN, data));
  };
  const pipe = new Duplex({
    read() {},
    write(chunk: Buffer, _enc, cb) {
      pending.push(Buffer.from(chunk));
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      cb();
    },
  });
  const tls = new TLSSocket(pipe as never, { isServer: true, secureContext: context });
  tls.on('data', (d: Buffer) => on.data(d));
  tls.on('error', (e: Error) => on.error(e));
  return {
    feed: (data) => void pipe.push(data),
    write: (data, done) => tls.write(data, () => setImmediate(() => setImmediate(done))),
    destroy: () => {
      tls.destroy();
      pipe.destroy();
    },
  };
}
