// Appends one runner's stdout to its decky's current log file, whole lines only (cut at
// MAX_LOG_LINE_CHARS by the splitter), rotating to a new file past fileMaxBytes and pruning the
// decky's oldest files past deckyMaxBytes. Followers are woken through the StreamHub.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LineSplitter } from './line-splitter';
import { deckyLogFiles, pruneDecky, streamIdOf } from './log-files';
import type { StreamHub } from './stream-hub';

export interface LogWriterOptions {
  root: string;
  decky: string;
  hub: StreamHub;
  fileMaxBytes: number;
  deckyMaxBytes: number;
  retentionMs: number;
  nowMs: () => number;
  /** Streams deleted by the size cap (their unread lines are lost: reported, not silent). */
  onPruned?(streams: string[]): void;
}

export class DeckyLogWriter {
  private fd: number | undefined;
  private sizeBytes = 0;
  private lastStartMs = 0;
  private readonly splitter = new LineSplitter();
  stream = '';
  linesWritten = 0;
  /** Lines lost to a failed write (a full disk): counted, and the runner keeps running. */
  linesDropped = 0;
  lastError: string | undefined;

  constructor(private readonly o: LogWriterOptions) {
    mkdirSync(join(o.root, o.decky), { recursive: true, mode: 0o750 });
    const existing = deckyLogFiles(o.root, o.decky);
    this.lastStartMs = existing.at(-1)?.startMs ?? 0;
    this.openNext();
  }

  /** Raw stdout bytes of the runner. */
  write(chunk: Buffer): void {
    const lines = this.splitter.push(chunk);
    if (lines.length === 0 || this.fd === undefined) return;
    const buf = Buffer.from(lines.map((l) => `${l.text}\n`).join(''));
    if (!this.append(buf, lines.length)) return;
    this.o.hub.notify(this.stream);
    if (this.sizeBytes >= this.o.fileMaxBytes) {
      this.closeFile();
      this.openNext();
    }
  }

  /** The runner is gone: a held partial line is written with its newline, then the stream ends. */
  close(): void {
    const rest = this.splitter.flushPartial();
    if (rest) this.append(Buffer.from(`${rest.text}\n`), 1);
    this.closeFile();
  }

  private append(buf: Buffer, lines: number): boolean {
    if (this.fd === undefined) return false;
    try {
      // write(2) may write less than asked; a torn line would merge with the next one.
      for (let off = 0; off < buf.length; ) off += writeSync(this.fd, buf, off, buf.length - off);
    } catch (e) {
      this.linesDropped += lines;
      this.lastError = (e as Error).message;
      return false;
    }
    this.sizeBytes += buf.length;
    this.linesWritten += lines;
    return true;
  }

  private openNext(): void {
    // Stream ids must never repeat: a restart within the same millisecond takes the next one.
    const startMs = Math.max(this.o.nowMs(), this.lastStartMs + 1);
    this.lastStartMs = startMs;
    this.stream = streamIdOf(this.o.decky, startMs);
    this.fd = openSync(join(this.o.root, this.o.decky, `${startMs}.log`), 'a', 0o640);
    this.sizeBytes = 0;
    this.o.hub.markLive(this.stream);
    const pruned = pruneDecky(this.o.root, this.o.decky, this.o.deckyMaxBytes, this.o.retentionMs, this.o.hub.liveStreams(), this.o.nowMs());
    if (pruned.length) this.o.onPruned?.(pruned);
  }

  private closeFile(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // nothing to do
    }
    this.fd = undefined;
    this.o.hub.markEnded(this.stream);
  }
}
