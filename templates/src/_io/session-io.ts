// Connection plumbing shared by the line/frame-based templates: backpressure-aware writes (reading
// pauses while the peer does not read our replies, so output never buffers without bound), a
// graceful end-after-reply, and errors that end only this session. The runner logs connect/disconnect.
import type { Duplex } from 'node:stream';
import type { TemplateContext } from '../template';

export interface SessionIoOptions {
  onData(chunk: Buffer): void;
  /** Called once when the connection is gone, whatever the cause. */
  onClose?(reason: string): void;
}

export class SessionIo {
  closed = false;
  private ending = false;
  private holds = 0;
  private peerEnded = false;
  bytesIn = 0;
  bytesOut = 0;

  private unbind: () => void = () => {};

  constructor(
    public stream: Duplex,
    private readonly ctx: Pick<TemplateContext<unknown>, 'emit' | 'now' | 'limits'>,
    private readonly options: SessionIoOptions,
  ) {
    this.bind(stream);
  }

  /**
   * Moves the session onto the stream `ctx.startTls()` returned (STARTTLS): the old stream's
   * listeners go, so nothing more is read in clear.
   */
  upgrade(stream: Duplex): void {
    this.unbind();
    this.stream = stream;
    this.bind(stream);
  }

  private bind(stream: Duplex): void {
    const onData = (chunk: Buffer): void => {
      if (this.closed || this.ending) return;
      this.bytesIn += chunk.length;
      try {
        this.options.onData(chunk);
      } catch (e) {
        this.fail(e);
      }
    };
    // The peer half-closed: answer what it already sent (async work included), then close our side.
    const onEnd = (): void => {
      this.peerEnded = true;
      setImmediate(() => {
        if (this.holds === 0) this.end();
      });
    };
    const onClose = (): void => this.finish(this.ending ? 'closed' : 'peer_closed');
    const onError = (): void => this.destroy('socket_error');
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('close', onClose);
    stream.on('error', onError);
    this.unbind = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onClose);
      stream.off('error', onError);
    };
  }

  /** Writes unless closed; pauses reading until the peer drains our output. */
  write(data: string | Uint8Array): void {
    if (this.closed || this.stream.destroyed || this.stream.writableEnded) return;
    const buf = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    this.bytesOut += buf.length;
    if (!this.stream.write(buf)) {
      this.stream.pause();
      this.stream.once('drain', () => {
        if (!this.closed) this.stream.resume();
      });
    }
  }

  /** Marks asynchronous work in progress (a reply is still coming); pair with release(). */
  hold(): void {
    this.holds++;
  }

  release(): void {
    this.holds = Math.max(0, this.holds - 1);
    if (this.holds === 0 && this.peerEnded) this.end();
  }

  /** Sends the last bytes (if any), then closes our side and ignores further input. */
  end(data?: string | Uint8Array): void {
    if (this.closed || this.ending) return;
    if (data !== undefined) this.write(data);
    this.ending = true;
    this.stream.end();
    // A peer that never reads must not keep the session half-open.
    const t = setTimeout(() => this.destroy('end_timeout'), 2000);
    t.unref?.();
    this.stream.once('close', () => clearTimeout(t));
  }

  destroy(reason: string): void {
    if (!this.stream.destroyed) this.stream.destroy();
    this.finish(reason);
  }

  /**
   * Logs input past a bound with the runner's `oversized_input` fields. The caller then ends the
   * session itself (after a protocol-correct reply where the real server sends one).
   */
  oversized(what: string, sizeBytes: number, limitBytes: number = this.ctx.limits.maxLineBytes): void {
    this.ctx.emit('oversized_input', { what, size_bytes: sizeBytes, limit_bytes: limitBytes });
  }

  /** A bug or unexpected state: one `error` event, this session ends, nothing else is affected. */
  fail(e: unknown): void {
    this.ctx.emit('error', { stage: 'session', error: String(e instanceof Error ? e.message : e).slice(0, 300) });
    this.destroy('error');
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.options.onClose?.(reason);
  }
}
