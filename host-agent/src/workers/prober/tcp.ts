// Small TCP exchanges for the probes: connect, optionally send, read under a byte bound and a
// deadline. Every socket is destroyed on every path; nothing the remote sends is interpreted here.
import { connect, type Socket } from 'node:net';

export interface ExchangeOptions {
  host: string;
  port: number;
  send?: Uint8Array;
  maxBytes: number;
  timeoutMs: number;
  /** Give up earlier when the remote has sent nothing by then (server-first protocols). */
  firstByteTimeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * One "recv": the first chunk the remote sends, cut to maxBytes; an empty array when it closes without
 * data; null on a connection error; 'timeout' when nothing came in time (as the JARM reference's socket).
 */
export function firstReply(o: ExchangeOptions): Promise<Uint8Array | null | 'timeout'> {
  return exchange(o, (buf) => (buf.length > 0 ? buf.length : undefined)).then((r) => (r.kind === 'data' ? r.data : r.kind === 'closed' ? r.data : r.kind === 'timeout' ? 'timeout' : null));
}

export type ExchangeResult =
  | { kind: 'data'; data: Uint8Array }
  | { kind: 'closed'; data: Uint8Array }
  | { kind: 'timeout'; data: Uint8Array }
  | { kind: 'error'; message: string };

/**
 * Connects, sends, and reads until `enough(bytes)` returns a length to keep (or the bound, close,
 * error or deadline). `onData` may write more on the same socket (the SSH probe answers the banner).
 */
export function exchange(o: ExchangeOptions, enough: (buf: Buffer, socket: Socket) => number | undefined): Promise<ExchangeResult> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    let done = false;
    const s = connect({ host: o.host, port: o.port });
    const finish = (r: ExchangeResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(first);
      o.signal?.removeEventListener('abort', onAbort);
      s.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout', data: buf }), o.timeoutMs);
    const first = o.firstByteTimeoutMs === undefined ? undefined : setTimeout(() => buf.length === 0 && finish({ kind: 'timeout', data: buf }), o.firstByteTimeoutMs);
    const onAbort = (): void => finish({ kind: 'error', message: 'aborted' });
    o.signal?.addEventListener('abort', onAbort, { once: true });
    if (o.signal?.aborted) onAbort();
    s.setNoDelay(true);
    s.on('connect', () => {
      if (o.send) s.write(o.send);
    });
    s.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk.subarray(0, Math.max(0, o.maxBytes - buf.length))]);
      const keep = enough(buf, s);
      if (keep !== undefined) finish({ kind: 'data', data: buf.subarray(0, keep) });
      else if (buf.length >= o.maxBytes) finish({ kind: 'data', data: buf });
    });
    s.on('end', () => finish({ kind: 'closed', data: buf }));
    s.on('close', () => finish({ kind: 'closed', data: buf }));
    s.on('error', (e) => finish({ kind: 'error', message: e.message.slice(0, 200) }));
  });
}

/** Whether a TCP connection to host:port completes in time (a SYN answered by SYN-ACK). */
export function portOpen(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const finish = (open: boolean): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      s.destroy();
      resolve(open);
    };
    const abort = (): void => finish(false);
    const timer = setTimeout(() => finish(false), timeoutMs);
    signal?.addEventListener('abort', abort, { once: true });
    s.once('connect', () => finish(true));
    s.on('error', () => finish(false));
  });
}
