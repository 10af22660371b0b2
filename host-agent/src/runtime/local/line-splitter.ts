// Splits a byte stream into LF-terminated lines with the byte offset just past each newline, holding
// a partial last line until its newline arrives. Memory is bounded: a line longer than the limit is
// cut to MAX_LOG_LINE_CHARS and the rest of it, up to its newline, is skipped.
import { MAX_LOG_LINE_CHARS } from '../log-stream';

/** UTF-8 bytes kept of an unterminated line (every code unit of a cut line fits in 3 bytes). */
export const MAX_LINE_BYTES = MAX_LOG_LINE_CHARS * 3;

export interface SplitLine {
  text: string;
  /** Stream offset just after this line's newline. */
  endOffset: number;
}

export function cutLine(text: string): string {
  if (text.length <= MAX_LOG_LINE_CHARS) return text;
  const last = text.charCodeAt(MAX_LOG_LINE_CHARS - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? MAX_LOG_LINE_CHARS - 1 : MAX_LOG_LINE_CHARS);
}

export class LineSplitter {
  private parts: Buffer[] = [];
  private held = 0;
  private overflowed = false;
  /** Offset of the next byte pushed. */
  offset: number;

  constructor(startOffset = 0) {
    this.offset = startOffset;
  }

  /** Lines completed by this chunk, in order. */
  push(chunk: Buffer): SplitLine[] {
    const out: SplitLine[] = [];
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, from);
      if (nl < 0) break;
      this.keep(chunk.subarray(from, nl));
      out.push({ text: this.take(), endOffset: this.offset + nl + 1 });
      from = nl + 1;
    }
    this.keep(chunk.subarray(from));
    this.offset += chunk.length;
    return out;
  }

  /** The unterminated rest (a stream that ended without a final newline), if any. */
  flushPartial(): SplitLine | undefined {
    if (this.held === 0 && !this.overflowed) return undefined;
    return { text: this.take(), endOffset: this.offset };
  }

  get pendingBytes(): number {
    return this.held;
  }

  private keep(bytes: Buffer): void {
    if (bytes.length === 0) return;
    const room = MAX_LINE_BYTES - this.held;
    if (bytes.length > room) this.overflowed = true;
    if (room <= 0) return;
    const part = bytes.length > room ? bytes.subarray(0, room) : bytes;
    this.parts.push(Buffer.from(part)); // copy: the caller may reuse its read buffer
    this.held += part.length;
  }

  private take(): string {
    const text = cutLine(Buffer.concat(this.parts, this.held).toString('utf8').replace(/\r$/, ''));
    this.parts = [];
    this.held = 0;
    this.overflowed = false;
    return text;
  }
}
