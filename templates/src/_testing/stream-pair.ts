// In-memory connected Duplex pair (Node 20 has no stream.duplexPair) and a TestPeer that plays the
// client side: send bytes, wait for text to arrive, observe the server closing.
import { Duplex } from 'node:stream';

/** Two Duplex ends: bytes written to one are read from the other; end/destroy propagate. */
export function duplexPair(): [Duplex, Duplex] {
  const make = (peer: () => Duplex): Duplex =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        const other = peer();
        if (!other.destroyed) other.push(Buffer.from(chunk));
        cb();
      },
      final(cb) {
        const other = peer();
        if (!other.destroyed) other.push(null);
        cb();
      },
      destroy(err, cb) {
        const other = peer();
        if (!other.destroyed && !other.readableEnded) other.push(null);
        cb(err);
      },
    });
  const a: Duplex = make(() => b);
  const b: Duplex = make(() => a);
  return [a, b];
}

export class TestPeer {
  private chunks: Buffer[] = [];
  private waiters: Array<() => void> = [];
  closed = false;

  constructor(readonly stream: Duplex) {
    stream.on('data', (c: Buffer) => {
      this.chunks.push(c);
      this.wake();
    });
    const onEnd = (): void => {
      this.closed = true;
      this.wake();
    };
    stream.on('end', onEnd);
    stream.on('close', onEnd);
    stream.on('error', onEnd);
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  get text(): string {
    return this.bytes.toString('latin1');
  }

  /** Drop what was received so far (the next `until` only sees newer bytes). */
  clear(): void {
    this.chunks = [];
  }

  send(data: string | Uint8Array): void {
    this.stream.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Resolves when the received text matches, rejects after timeoutMs with what arrived. */
  async until(match: string | RegExp | ((text: string) => boolean), timeoutMs = 3000): Promise<string> {
    const test = (t: string): boolean =>
      typeof match === 'string' ? t.includes(match) : match instanceof RegExp ? match.test(t) : match(t);
    const deadline = Date.now() + timeoutMs;
    while (!test(this.text)) {
      if (this.closed) throw new Error(`peer closed before ${String(match)}; got ${JSON.stringify(this.text)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timeout waiting for ${String(match)}; got ${JSON.stringify(this.text)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.text;
  }

  /** Resolves once the server side has ended or destroyed the stream. */
  async untilClosed(timeoutMs = 3000): Promise<void> {
    await this.until(() => this.closed, timeoutMs).catch((e: unknown) => {
      if (!this.closed) throw e;
    });
  }
}
