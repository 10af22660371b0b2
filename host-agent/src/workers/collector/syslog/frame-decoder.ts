// Syslog over a byte stream (RFC 6587): octet-counted frames `MSG-LEN SP SYSLOG-MSG` (§3.4.1, the
// only framing RFC 5425 §4.3 allows over TLS) and LF-terminated frames (§3.4.2, NUL accepted too),
// detected per frame by its first byte. Bounded: a frame past maxFrameBytes is a FrameError.
export class FrameError extends Error {
  override readonly name = 'FrameError';
}

const MAX_LEN_DIGITS = 7;

export class SyslogFrameDecoder {
  private buf: Buffer = Buffer.alloc(0);

  constructor(private readonly maxFrameBytes = 64 * 1024) {}

  /** Frames completed by this chunk. Throws FrameError on a framing violation (close the peer). */
  push(chunk: Buffer): string[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: string[] = [];
    let pos = 0;
    for (;;) {
      // Separators some senders put between frames.
      while (pos < this.buf.length && (this.buf[pos] === 0x0a || this.buf[pos] === 0x0d || this.buf[pos] === 0x00)) pos++;
      if (pos >= this.buf.length) break;
      const first = this.buf[pos]!;
      const frame = first >= 0x31 && first <= 0x39 ? this.octetCounted(pos) : this.lineFramed(pos);
      if (!frame) break;
      if (frame.text.length > 0) out.push(frame.text);
      pos = frame.next;
    }
    this.buf = pos >= this.buf.length ? Buffer.alloc(0) : Buffer.from(this.buf.subarray(pos));
    if (this.buf.length > this.maxFrameBytes + MAX_LEN_DIGITS + 1) throw new FrameError(`frame longer than ${this.maxFrameBytes} bytes`);
    return out;
  }

  /** §3.4.1: MSG-LEN = NONZERO-DIGIT *DIGIT, then one SP, then exactly MSG-LEN octets. */
  private octetCounted(pos: number): { text: string; next: number } | undefined {
    let i = pos;
    while (i < this.buf.length && i - pos < MAX_LEN_DIGITS && this.buf[i]! >= 0x30 && this.buf[i]! <= 0x39) i++;
    if (i >= this.buf.length) return undefined; // length still arriving
    if (this.buf[i] !== 0x20) throw new FrameError('octet-counted frame: MSG-LEN must be digits followed by one space');
    const len = Number(this.buf.toString('latin1', pos, i));
    if (len > this.maxFrameBytes) throw new FrameError(`frame of ${len} bytes exceeds ${this.maxFrameBytes}`);
    const start = i + 1;
    if (this.buf.length < start + len) return undefined;
    return { text: this.buf.toString('utf8', start, start + len).replace(/\r?\n$/, ''), next: start + len };
  }

  /** §3.4.2: a frame ends at LF (or NUL, which some senders use as TRAILER). */
  private lineFramed(pos: number): { text: string; next: number } | undefined {
    const lf = this.buf.indexOf(0x0a, pos);
    const nul = this.buf.indexOf(0x00, pos);
    const end = lf < 0 ? nul : nul < 0 ? lf : Math.min(lf, nul);
    if (end < 0) {
      if (this.buf.length - pos > this.maxFrameBytes) throw new FrameError(`line longer than ${this.maxFrameBytes} bytes without LF`);
      return undefined;
    }
    if (end - pos > this.maxFrameBytes) throw new FrameError(`line longer than ${this.maxFrameBytes} bytes`);
    return { text: this.buf.toString('utf8', pos, end).replace(/\r$/, ''), next: end + 1 };
  }

  get bufferedBytes(): number {
    return this.buf.length;
  }
}
