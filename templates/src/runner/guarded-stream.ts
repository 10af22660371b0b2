// The Duplex a template receives instead of the raw socket. Every event it emits runs inside a
// try/catch, so a template that throws from a listener ends only its own session (CONVENTIONS §5);
// it records input activity for the idle timer and bounds the unsent-output backlog.
import { Duplex } from 'node:stream';

export interface GuardHooks {
  /** A template listener threw: end this session with an `error` event. */
  onFault(err: unknown): void;
  /** Bytes arrived from the peer. */
  onInput(bytes: number): void;
  /** The peer is not reading and output piled up past the limit. */
  onBacklog(): void;
}

export class GuardedStream extends Duplex {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly remoteFamily: string | undefined;
  private released = false;
  private readonly detachers: Array<() => void> = [];

  constructor(private readonly inner: Duplex & { remoteAddress?: string; remotePort?: number; remoteFamily?: string }, private readonly hooks: GuardHooks, private readonly maxBacklogBytes: number) {
    super({ allowHalfOpen: true });
    this.remoteAddress = inner.remoteAddress;
    this.remotePort = inner.remotePort;
    this.remoteFamily = inner.remoteFamily;
    // Check the backlog on every write, not only in _write: a template writing in a tight loop
    // queues in this stream's own buffer while _write waits for 'drain'.
    const write = this.write.bind(this);
    this.write = ((chunk: unknown, encOrCb?: unknown, cb?: unknown): boolean => {
      if (this.inner.writableLength + this.writableLength > this.maxBacklogBytes) {
        hooks.onBacklog();
        const done = typeof encOrCb === 'function' ? encOrCb : cb;
        if (typeof done === 'function') process.nextTick(done as () => void);
        return false;
      }
      return write(chunk as Buffer, encOrCb as BufferEncoding, cb as () => void);
    }) as typeof this.write;
    const emit = this.emit.bind(this);
    this.emit = ((event: string | symbol, ...args: unknown[]): boolean => {
      try {
        return emit(event, ...args);
      } catch (err) {
        hooks.onFault(err);
        return false;
      }
    }) as typeof this.emit;
    const onData = (chunk: Buffer): void => {
      hooks.onInput(chunk.length);
      try {
        if (!this.push(chunk)) inner.pause();
      } catch (err) {
        hooks.onFault(err);
      }
    };
    const onEnd = (): void => void this.push(null);
    inner.on('data', onData);
    inner.on('end', onEnd);
    this.detachers.push(() => inner.off('data', onData), () => inner.off('end', onEnd));
    inner.on('close', () => {
      // Let the template read what arrived just before the peer closed, then go.
      if (this.readableLength === 0 || this.readableEnded) return void this.destroy();
      const timer = setTimeout(() => this.destroy(), 1000);
      timer.unref();
      this.once('end', () => {
        clearTimeout(timer);
        this.destroy();
      });
    });
  }

  /**
   * Stops relaying the inner stream (a TLS upgrade takes it over): later reads see nothing, writes
   * are dropped, and the inner stream is left open.
   */
  detach(): void {
    if (this.released) return;
    this.released = true;
    for (const off of this.detachers) off();
    this.inner.pause();
  }

  /** Compatibility with consumers that tune the socket (ssh2 calls setNoDelay). */
  setNoDelay(noDelay = true): this {
    (this.inner as { setNoDelay?: (v: boolean) => void }).setNoDelay?.(noDelay);
    return this;
  }

  override _read(): void {
    if (!this.released) this.inner.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.released) return cb();
    if (this.inner.destroyed || !this.inner.writable) return cb();
    if (this.inner.writableLength + this.writableLength > this.maxBacklogBytes) {
      this.hooks.onBacklog();
      return cb();
    }
    if (this.inner.write(chunk)) cb();
    else this.inner.once('drain', () => cb());
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (!this.released && !this.inner.destroyed) this.inner.end();
    cb();
  }

  override _destroy(_err: Error | null, cb: (err?: Error | null) => void): void {
    const detached = this.released;
    this.released = true;
    if (!detached && !this.inner.destroyed) this.inner.destroy();
    // Never hand the error on: a peer reset is not a template failure.
    cb(null);
  }
}
