// The broker's message emitter (aedes `mq` option), replacing mqemitter's own queue. mqemitter 7
// drains its queue by recursion: `released -> _do -> fastparallel -> released`, and a queued
// message with no listener completes synchronously, so a long run of such messages overflows the
// stack (see README.md). Here the inner mqemitter never queues (concurrency 0) and the bound on
// in-flight deliveries is kept by an iterative drain loop.
import mqemitter from 'mqemitter';

type Message = mqemitter.Message;
type Listener = (message: Message, done: () => void) => void;
type Callback = (error?: Error) => void;

const noop = () => {};

export class BoundedEmitter {
  private readonly inner = mqemitter({ concurrency: 0, matchEmptyLevels: true });
  private queue: Array<[Message, Callback] | undefined> = [];
  private head = 0;
  private draining = false;
  private closed = false;
  /** Deliveries in progress. */
  current = 0;
  /** Highest queue length seen (a flood indicator). */
  maxQueued = 0;

  constructor(readonly concurrency: number) {}

  get length(): number {
    return this.queue.length - this.head;
  }

  on(topic: string, listener: Listener, done?: () => void): this {
    this.inner.on(topic, listener, done);
    return this;
  }

  removeListener(topic: string, listener: Listener, done?: () => void): this {
    this.inner.removeListener(topic, listener, done);
    return this;
  }

  emit(message: Message, cb: Callback = noop): this {
    if (this.closed) {
      cb(new Error('mqemitter is closed'));
      return this;
    }
    if (this.current < this.concurrency && this.length === 0) {
      this.dispatch(message, cb);
    } else {
      this.queue.push([message, cb]);
      if (this.length > this.maxQueued) this.maxQueued = this.length;
    }
    return this;
  }

  private dispatch(message: Message, cb: Callback): void {
    this.current++;
    this.inner.emit(message, (err) => {
      this.current--;
      cb(err);
      this.drain();
    });
  }

  /** Iterative: a delivery that completes synchronously inside `dispatch` returns here, not deeper. */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.current < this.concurrency && this.length > 0) {
        const item = this.queue[this.head]!;
        this.queue[this.head++] = undefined;
        if (this.head > 4096 && this.head * 2 > this.queue.length) {
          this.queue = this.queue.slice(this.head);
          this.head = 0;
        }
        this.dispatch(item[0], item[1]);
      }
    } finally {
      this.draining = false;
    }
  }

  close(cb: () => void = noop): this {
    this.closed = true;
    this.inner.close(cb);
    return this;
  }
}
