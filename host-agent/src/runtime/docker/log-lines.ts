// Turns the byte stream of `GET /containers/{id}/logs?timestamps=1` into positioned lines: it splits
// docker's multiplexed frames (8-byte header: stream, 0, 0, 0, uint32 BE size), strips the timestamp
// prefix and joins partial frames (lines longer than the daemon's 16 KiB buffer) until a newline.
import { MAX_LOG_LINE_CHARS } from '../log-stream';
import { encodePosition, parseDockerTimestamp } from './log-position';

export interface PositionedLine {
  position: string;
  tsNs: bigint;
  line: string;
}

const HEADER_BYTES = 8;

export class DockerLogDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private partial = '';
  private lastTs = -1n;
  private seq = 0;

  /** @param after lines at or before this (tsNs, seq) are dropped (resume point). */
  constructor(private readonly after?: { tsNs: bigint; seq: number }) {}

  push(chunk: Buffer): PositionedLine[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: PositionedLine[] = [];
    while (this.buf.length >= HEADER_BYTES) {
      const size = this.buf.readUInt32BE(4);
      if (this.buf.length < HEADER_BYTES + size) break;
      const kind = this.buf[0];
      const payload = this.buf.subarray(HEADER_BYTES, HEADER_BYTES + size).toString('utf8');
      this.buf = this.buf.subarray(HEADER_BYTES + size);
      if (kind === 1 || kind === 2) this.frame(payload, out);
    }
    return out;
  }

  private frame(payload: string, out: PositionedLine[]): void {
    const sp = payload.indexOf(' ');
    const tsNs = sp > 0 ? parseDockerTimestamp(payload.slice(0, sp)) : undefined;
    if (tsNs === undefined) return; // every frame carries a timestamp when timestamps=1
    const body = payload.slice(sp + 1);
    const complete = body.endsWith('\n');
    const text = this.partial + (complete ? body.slice(0, -1) : body);
    if (!complete) {
      // Bound a runaway partial line: keep only what will be delivered.
      this.partial = text.length > MAX_LOG_LINE_CHARS ? text.slice(0, MAX_LOG_LINE_CHARS) : text;
      return;
    }
    this.partial = '';
    this.seq = tsNs === this.lastTs ? this.seq + 1 : 0;
    this.lastTs = tsNs;
    if (this.after && (tsNs < this.after.tsNs || (tsNs === this.after.tsNs && this.seq <= this.after.seq))) return;
    const line = (text.endsWith('\r') ? text.slice(0, -1) : text).slice(0, MAX_LOG_LINE_CHARS);
    out.push({ position: encodePosition(tsNs, this.seq), tsNs, line });
  }
}
