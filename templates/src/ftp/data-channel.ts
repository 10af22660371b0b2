// The data-connection capabilities FTP needs from the runner (templates never open sockets):
// PASV/EPSV ask for a one-shot listener on the decky's address, PORT/EPRT for a connection back to
// the client. Both are optional on the context; without them transfers fail like a firewalled server.
import type { Duplex } from 'node:stream';
import type { TemplateContext } from '../template';

export interface DataListener {
  /** The ephemeral port the runner bound on ctx.dst.ip. */
  port: number;
  /** The first connection from the control connection's peer address (others are refused). */
  accept(timeoutMs?: number): Promise<Duplex>;
  close(): void;
}

export interface FtpDataCapabilities {
  /** Bind a listener for one passive-mode data connection. */
  openDataListener?(): Promise<DataListener>;
  /** Connect to `port` on the client's own address (ctx.src.ip) for active mode; never elsewhere. */
  connectData?(port: number): Promise<Duplex>;
}

export type DataMode = { kind: 'none' } | { kind: 'passive'; listener: DataListener } | { kind: 'active'; port: number };

export const ACCEPT_TIMEOUT_MS = 15_000;

/** Opens the data connection for the current mode; rejects when none was negotiated or it fails. */
export async function openData(ctx: TemplateContext<unknown> & FtpDataCapabilities, mode: DataMode): Promise<Duplex> {
  if (mode.kind === 'passive') return mode.listener.accept(ACCEPT_TIMEOUT_MS);
  if (mode.kind === 'active' && ctx.connectData) return ctx.connectData(mode.port);
  throw new Error('no data connection');
}

/** Writes all of `data` then ends the stream; resolves when flushed, the peer went away or stalled. */
export function sendAll(stream: Duplex, data: Uint8Array, idleMs: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(() => stream.destroy(), idleMs);
    t.unref?.();
    const done = (): void => {
      clearTimeout(t);
      resolve();
    };
    stream.once('error', done);
    stream.once('close', done);
    stream.end(data, () => {
      stream.destroy();
      done();
    });
  });
}

/** Reads to EOF keeping at most `keep` bytes; `hardMax` total bytes or `idleMs` of silence abort the read. */
export function receiveAll(stream: Duplex, keep: number, hardMax: number, idleMs: number): Promise<{ data: Buffer; size: number; aborted: boolean }> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let kept = 0;
    let size = 0;
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    const done = (aborted: boolean): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      stream.removeAllListeners('data');
      stream.destroy();
      resolve({ data: Buffer.concat(parts), size, aborted });
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => done(true), idleMs);
      timer.unref?.();
    };
    arm();
    stream.on('data', (c: Buffer) => {
      arm();
      size += c.length;
      if (kept < keep) {
        const part = c.subarray(0, keep - kept);
        parts.push(Buffer.from(part));
        kept += part.length;
      }
      if (size > hardMax) done(true);
    });
    stream.once('end', () => done(false));
    stream.once('close', () => done(false));
    stream.once('error', () => done(true));
  });
}
