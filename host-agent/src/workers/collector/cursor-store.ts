// The collector's per-stream cursors: the last position whose events the spool has durably accepted.
// Kept in one JSON file written atomically (temp, fdatasync, rename) at most every minIntervalMs
// and on close; a cursor that lags only means lines are re-read, and their ids repeat.
import { closeSync, fdatasyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { comparePositions } from '../../runtime/log-stream';

interface CursorFile {
  v: 1;
  streams: Record<string, string>;
}

export class CursorStore {
  private readonly cursors = new Map<string, string>();
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private lastWriteMs = 0;
  writes = 0;
  lastError: string | undefined;

  constructor(
    private readonly file: string,
    private readonly minIntervalMs = 500,
  ) {
    try {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<CursorFile>;
      for (const [stream, pos] of Object.entries(raw.streams ?? {})) {
        if (typeof pos === 'string' && /^\d{1,24}$/.test(pos) && stream.length <= 512) this.cursors.set(stream, pos);
      }
    } catch {
      // none yet (or unreadable): every stream is read from its start; ids make that harmless
    }
  }

  get(stream: string): string | undefined {
    return this.cursors.get(stream);
  }

  streams(): string[] {
    return [...this.cursors.keys()];
  }

  /** Moves a stream's cursor forward (never back) and schedules a write. */
  advance(stream: string, position: string): void {
    const cur = this.cursors.get(stream);
    if (cur !== undefined && comparePositions(position, cur) <= 0) return;
    this.cursors.set(stream, position);
    this.markDirty();
  }

  forget(stream: string): void {
    if (this.cursors.delete(stream)) this.markDirty();
  }

  private markDirty(): void {
    this.dirty = true;
    if (this.timer) return;
    const wait = Math.max(0, this.lastWriteMs + this.minIntervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  /** Writes now if anything changed. */
  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.lastWriteMs = Date.now();
    const body: CursorFile = { v: 1, streams: Object.fromEntries(this.cursors) };
    const tmp = `${this.file}.tmp`;
    try {
      const fd = openSync(tmp, 'w', 0o600);
      try {
        writeSync(fd, JSON.stringify(body));
        fdatasyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.file);
      this.writes++;
      this.lastError = undefined;
    } catch (e) {
      this.dirty = true; // try again with the next change or at close
      this.lastError = (e as Error).message;
    }
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flush();
  }
}
