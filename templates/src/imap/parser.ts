// IMAP command framing (RFC 3501 §2.2, §4.3; LITERAL+ RFC 7888): a command is CRLF-terminated text
// that may embed literals `{n}` (the server answers "+ OK" before the client sends the bytes) or
// `{n+}` (sent at once). Yields a command as its text pieces and literal bytes. Bounded: long lines,
// oversized literals and commands with too many literals are reported and skipped. No I/O.
import { ByteQueue } from '../_io/byte-queue';

/** A command: text pieces (CRLF removed, a trailing `{n}` kept) interleaved with literal bytes. */
export type Segment = string | Buffer;

export type ImapFrame =
  | { kind: 'command'; segments: Segment[] }
  /** A synchronizing literal was announced: answer "+ OK" so the client sends it. */
  | { kind: 'continue'; size: number }
  | { kind: 'line_too_long'; bytes: number }
  /** A literal past the limit; the command is dropped (non-synchronizing bytes are skipped). */
  | { kind: 'literal_too_big'; size: number };

const LITERAL_AT_END = /\{(\d{1,20})(\+?)\}$/;

export interface ImapParserLimits {
  maxLineBytes: number;
  maxLiteralBytes: number;
  /** All text and literals of one command. */
  maxCommandBytes: number;
  maxLiterals: number;
}

export class ImapParser {
  private readonly q = new ByteQueue();
  private scanned = 0;
  private skipping = 0;
  private segments: Segment[] = [];
  private commandBytes = 0;
  private literalLeft = 0;
  private literalParts: Buffer[] = [];
  private discardLeft = 0;
  private dropLine = false;

  constructor(private readonly limits: ImapParserLimits) {}

  push(chunk: Uint8Array): void {
    this.q.push(chunk);
  }

  /** Bytes buffered but not yet framed (for bounds checks in tests). */
  get buffered(): number {
    return this.q.length + this.literalParts.reduce((n, b) => n + b.length, 0);
  }

  /** Drops everything buffered (after STARTTLS nothing sent in clear may be read as TLS input). */
  reset(): void {
    this.q.clear();
    this.scanned = 0;
    this.skipping = 0;
    this.segments = [];
    this.commandBytes = 0;
    this.literalLeft = 0;
    this.literalParts = [];
    this.discardLeft = 0;
    this.dropLine = false;
  }

  next(): ImapFrame | undefined {
    for (;;) {
      if (this.discardLeft > 0) {
        const n = Math.min(this.discardLeft, this.q.length);
        this.q.skip(n);
        this.discardLeft -= n;
        if (this.discardLeft > 0) return undefined;
        this.dropLine = true; // the rest of the command line goes too
      }
      if (this.literalLeft > 0) {
        const n = Math.min(this.literalLeft, this.q.length);
        if (n === 0) return undefined;
        this.literalParts.push(this.q.take(n));
        this.literalLeft -= n;
        if (this.literalLeft > 0) return undefined;
        this.segments.push(Buffer.concat(this.literalParts));
        this.literalParts = [];
        continue;
      }
      const nl = this.q.indexOf(0x0a, this.scanned);
      if (nl < 0) {
        this.scanned = this.q.length;
        if (this.dropLine) {
          this.q.clear();
          this.scanned = 0;
        } else if (this.q.length > this.limits.maxLineBytes) {
          this.skipping += this.q.length;
          this.q.clear();
          this.scanned = 0;
        }
        return undefined;
      }
      const raw = this.q.take(nl + 1);
      this.scanned = 0;
      if (this.dropLine) {
        this.dropLine = false;
        continue;
      }
      if (this.skipping > 0 || raw.length > this.limits.maxLineBytes) {
        const bytes = this.skipping + raw.length;
        this.skipping = 0;
        this.segments = [];
        this.commandBytes = 0;
        return { kind: 'line_too_long', bytes };
      }
      const text = raw.subarray(0, raw.length - (raw.length >= 2 && raw[raw.length - 2] === 0x0d ? 2 : 1)).toString('latin1');
      this.commandBytes += raw.length;
      this.segments.push(text);
      const lit = LITERAL_AT_END.exec(text);
      if (!lit) {
        const segments = this.segments;
        this.segments = [];
        this.commandBytes = 0;
        return { kind: 'command', segments };
      }
      const size = Number(lit[1]);
      const sync = lit[2] !== '+';
      const literals = this.segments.filter((s) => typeof s !== 'string').length;
      if (size > this.limits.maxLiteralBytes || this.commandBytes + size > this.limits.maxCommandBytes || literals >= this.limits.maxLiterals) {
        this.segments = [];
        this.commandBytes = 0;
        // A synchronizing client waits for "+": nothing follows. A LITERAL+ client sends the bytes anyway.
        if (!sync) this.discardLeft = Math.min(size, Number.MAX_SAFE_INTEGER);
        return { kind: 'literal_too_big', size: Math.min(size, Number.MAX_SAFE_INTEGER) };
      }
      this.commandBytes += size;
      this.literalLeft = size;
      if (size === 0) this.segments.push(Buffer.alloc(0));
      if (sync) return { kind: 'continue', size };
    }
  }
}
