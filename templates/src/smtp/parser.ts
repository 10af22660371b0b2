// SMTP input framing (RFC 5321): command lines (§4.1.1, CRLF-terminated, bare LF tolerated as
// Postfix does) and, once the session says DATA was accepted, the message content up to the
// "." line (§4.1.1.4) with dot-unstuffing (§4.5.2). Bounded: long command lines are cut and skipped,
// message bytes past the capture limit are counted but not kept. Pull-based, no I/O.
import { ByteQueue } from '../_io/byte-queue';

export type SmtpFrame =
  | { kind: 'line'; line: string }
  /** A command line longer than the limit; the rest of it was discarded. */
  | { kind: 'line_too_long'; bytes: number }
  | { kind: 'message'; body: Buffer; size: number; truncated: boolean };

export class SmtpParser {
  private readonly q = new ByteQueue();
  private mode: 'command' | 'data' = 'command';
  private skipping = 0;
  private scanned = 0;
  private parts: Buffer[] = [];
  private kept = 0;
  private size = 0;
  private captureMax = 0;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Uint8Array): void {
    this.q.push(chunk);
  }

  get buffered(): number {
    return this.q.length;
  }

  /** After a 354 reply: what follows is message content, of which at most `captureMax` bytes are kept. */
  startData(captureMax: number): void {
    this.mode = 'data';
    this.parts = [];
    this.kept = 0;
    this.size = 0;
    this.captureMax = captureMax;
  }

  next(): SmtpFrame | undefined {
    for (;;) {
      const nl = this.q.indexOf(0x0a, this.scanned);
      if (nl < 0) {
        this.scanned = this.q.length;
        // In DATA a long line is content; flush what we have so memory stays bounded.
        if (this.mode === 'data' && this.q.length > this.maxLineBytes) this.flushData(this.q.take(this.q.length), false);
        else if (this.mode === 'command' && this.q.length > this.maxLineBytes) {
          this.skipping += this.q.length;
          this.q.clear();
          this.scanned = 0;
        }
        return undefined;
      }
      const raw = this.q.take(nl + 1);
      this.scanned = 0;
      const line = raw.subarray(0, raw.length - (raw.length >= 2 && raw[raw.length - 2] === 0x0d ? 2 : 1));
      if (this.mode === 'data') {
        if (line.length === 1 && line[0] === 0x2e && this.pendingLineStart) {
          this.mode = 'command';
          const body = Buffer.concat(this.parts);
          this.parts = [];
          return { kind: 'message', body, size: this.size, truncated: this.size > body.length };
        }
        this.flushData(raw, true);
        continue;
      }
      if (this.skipping > 0 || raw.length > this.maxLineBytes) {
        const bytes = this.skipping + raw.length;
        this.skipping = 0;
        return { kind: 'line_too_long', bytes };
      }
      return { kind: 'line', line: line.toString('latin1') };
    }
  }

  /** True when the next data byte starts a line (a "." there may end the message). */
  private pendingLineStart = true;

  private flushData(raw: Buffer, endsLine: boolean): void {
    // §4.5.2: a leading "." of a content line is removed.
    const data = this.pendingLineStart && raw[0] === 0x2e ? raw.subarray(1) : raw;
    this.pendingLineStart = endsLine;
    this.size += data.length;
    const room = this.captureMax - this.kept;
    if (room > 0) {
      const kept = data.subarray(0, room);
      this.parts.push(Buffer.from(kept));
      this.kept += kept.length;
    }
  }
}
