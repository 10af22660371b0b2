// A growable FIFO of bytes for incremental parsers: amortised O(1) appends, so a peer sending one
// byte at a time cannot make buffering quadratic. Shared by the http, redis and mysql parsers.

export class ByteQueue {
  private buf: Buffer = Buffer.alloc(256);
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.end + chunk.length > this.buf.length) {
      const needed = this.length + chunk.length;
      if (needed <= this.buf.length / 2) {
        this.buf.copy(this.buf, 0, this.start, this.end);
      } else {
        let size = this.buf.length;
        while (size < needed * 2) size *= 2;
        const next = Buffer.alloc(size);
        this.buf.copy(next, 0, this.start, this.end);
        this.buf = next;
      }
      this.end -= this.start;
      this.start = 0;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  /** Byte at offset i from the front, or -1 past the end. */
  at(i: number): number {
    const p = this.start + i;
    return p < this.end ? (this.buf[p] ?? -1) : -1;
  }

  /** Offset of `byte` at or after `from`, or -1; with stopAtNul a 0x00 byte ends the search (C strchr). */
  indexOf(byte: number, from = 0, stopAtNul = false): number {
    for (let p = this.start + from; p < this.end; p++) {
      const b = this.buf[p];
      if (b === byte) return p - this.start;
      if (stopAtNul && b === 0) return -1;
    }
    return -1;
  }

  /** Offset of the first occurrence of a byte sequence at or after `from`, or -1. */
  indexOfSeq(seq: Uint8Array, from = 0): number {
    const i = this.buf.subarray(this.start, this.end).indexOf(seq, from);
    return i;
  }

  /** A copy of [from, to) relative to the front. */
  copy(from: number, to: number): Buffer {
    return Buffer.from(this.buf.subarray(this.start + from, this.start + Math.min(to, this.length)));
  }

  /** Removes and returns the first n bytes (a copy). */
  take(n: number): Buffer {
    const out = this.copy(0, n);
    this.skip(n);
    return out;
  }

  skip(n: number): void {
    this.start = Math.min(this.end, this.start + n);
    if (this.start === this.end) this.start = this.end = 0;
  }

  clear(): void {
    this.start = this.end = 0;
    if (this.buf.length > 65536) this.buf = Buffer.alloc(256);
  }
}
