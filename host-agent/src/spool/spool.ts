// Durable append-only spool: events are framed into segment files before anything else happens
// to them; the uplink reads batches and acknowledges them in order. Bounded on disk: when full
// the oldest segment is dropped, counted, and reported through `onDrop` (DESIGN §2.3).
import { mkdir } from 'node:fs/promises';
import { comparePos, readCursor, writeCursor, type CursorState } from './cursor';
import { frame } from './framing';
import { SegmentWriter } from './segment-writer';
import { SpoolReader, type ReaderState, type SpoolBatch } from './spool-reader';
import { listSegments, removeSegment, scanSegment } from './segments';

export type { SpoolBatch } from './spool-reader';

export interface SpoolOptions {
  dir: string;
  maxBytes: number;
  segmentBytes: number;
  /** `group`: append resolves after fdatasync. `interval`: after write(); synced every fsyncIntervalMs. */
  fsync: 'group' | 'interval';
  fsyncIntervalMs?: number;
  /** Called after records were dropped (full spool, or a corrupt region skipped). */
  onDrop?: (drop: SpoolDrop) => void;
}

export interface SpoolDrop {
  reason: 'full' | 'corrupt';
  records: number;
  bytes: number;
}

export interface SpoolStats {
  pendingRecords: number;
  diskBytes: number;
  segments: number;
  droppedRecords: number;
  droppedBytes: number;
  droppedSegments: number;
}

interface PendingAppend {
  frames: Buffer[];
  done: (err?: Error) => void;
}

export class Spool {
  private readonly st: ReaderState;
  private readonly reader: SpoolReader;
  private writer!: SegmentWriter;
  private cursor!: CursorState;
  /** Records before the cursor in the cursor's segment. */
  private ackIndex = 0;
  private pendingRecords = 0;
  private queue: PendingAppend[] = [];
  private flushing: Promise<void> | undefined;
  private syncTimer: NodeJS.Timeout | undefined;
  private listeners = new Set<() => void>();
  private closed = false;

  private constructor(private readonly opts: SpoolOptions) {
    this.st = { dir: opts.dir, segs: [], readPos: { seq: 0, offset: 0 } };
    this.reader = new SpoolReader(this.st, (bytes) => {
      this.cursor.droppedBytes += bytes;
      opts.onDrop?.({ reason: 'corrupt', records: 0, bytes });
    });
  }

  static async open(opts: SpoolOptions): Promise<Spool> {
    // At least four segments fit, so dropping the oldest always makes room.
    const segmentBytes = Math.max(4096, Math.min(opts.segmentBytes, Math.floor(opts.maxBytes / 4)));
    const s = new Spool({ ...opts, segmentBytes });
    await s.recover();
    return s;
  }

  private async recover(): Promise<void> {
    const { dir } = this.opts;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const seqs = await listSegments(dir);
    const saved = readCursor(dir);
    this.cursor = saved ?? { v: 1, seq: seqs[0] ?? 0, offset: 0, droppedRecords: 0, droppedBytes: 0, droppedSegments: 0 };
    for (const seq of seqs) {
      if (seq < this.cursor.seq) {
        await removeSegment(dir, seq); // acknowledged before a crash, not yet deleted
        continue;
      }
      const atCursor = seq === this.cursor.seq;
      const info = await scanSegment(dir, seq, atCursor ? this.cursor.offset : 0);
      this.st.segs.push({ seq, size: info.size, records: info.records });
      this.pendingRecords += info.recordsAfter;
      if (atCursor) {
        this.cursor.offset = Math.min(this.cursor.offset, info.size);
        this.ackIndex = info.records - info.recordsAfter;
      }
    }
    const first = this.st.segs[0];
    if (first && this.cursor.seq < first.seq) Object.assign(this.cursor, { seq: first.seq, offset: 0 });
    this.st.readPos = { seq: this.cursor.seq, offset: this.cursor.offset };
    const last = this.st.segs.at(-1);
    if (last && last.size < this.opts.segmentBytes) {
      this.writer = await SegmentWriter.open(dir, last.seq, last.size);
    } else {
      const seq = last ? last.seq + 1 : this.cursor.seq;
      this.writer = await SegmentWriter.open(dir, seq, undefined);
      this.st.segs.push({ seq, size: 0, records: 0 });
    }
    writeCursor(dir, this.cursor);
    if (this.opts.fsync === 'interval') {
      this.syncTimer = setInterval(() => void this.writer.sync().catch(() => {}), this.opts.fsyncIntervalMs ?? 200);
      this.syncTimer.unref();
    }
  }

  /** Append payloads; resolves once they are on disk per the fsync policy. */
  append(payloads: Buffer[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('spool is closed'));
    if (payloads.length === 0) return Promise.resolve();
    return new Promise<void>((ok, fail) => {
      this.queue.push({ frames: payloads.map(frame), done: (e) => (e ? fail(e) : ok()) });
      this.flushing ??= this.flushLoop();
    });
  }

  /** Called synchronously after each group commit; the uplink waits on it. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Group commit: everything queued while the previous group was syncing goes in one write + fdatasync. */
  private async flushLoop(): Promise<void> {
    for (;;) {
      if (this.queue.length === 0) {
        this.flushing = undefined; // in the same tick as the emptiness check: no append slips through
        return;
      }
      const group = this.queue.splice(0);
      try {
        let chunk: Buffer[] = [];
        let chunkBytes = 0;
        for (const item of group) {
          for (const f of item.frames) {
            if (this.writer.size + chunkBytes + f.length > this.opts.segmentBytes && this.writer.size + chunkBytes > 0) {
              await this.writeChunk(chunk, chunkBytes);
              [chunk, chunkBytes] = [[], 0];
              await this.rotate();
            }
            while (this.diskBytes() + chunkBytes + f.length > this.opts.maxBytes && this.st.segs.length > 1) {
              await this.dropOldest();
            }
            chunk.push(f);
            chunkBytes += f.length;
          }
        }
        await this.writeChunk(chunk, chunkBytes);
        if (this.opts.fsync === 'group') await this.writer.sync();
        for (const item of group) item.done();
      } catch (e) {
        for (const item of group) item.done(e as Error);
      }
      for (const l of this.listeners) {
        try {
          l();
        } catch {
          // a listener's failure is its own
        }
      }
    }
  }

  private async writeChunk(chunk: Buffer[], bytes: number): Promise<void> {
    if (chunk.length === 0) return;
    await this.writer.write([chunk.length === 1 ? chunk[0]! : Buffer.concat(chunk, bytes)]);
    const seg = this.st.segs.at(-1)!;
    seg.size = this.writer.size;
    seg.records += chunk.length;
    this.pendingRecords += chunk.length;
  }

  private async rotate(): Promise<void> {
    const seq = this.writer.seq + 1;
    await this.writer.close();
    this.writer = await SegmentWriter.open(this.opts.dir, seq, undefined);
    this.st.segs.push({ seq, size: 0, records: 0 });
  }

  /**
   * Drop policy when full: the oldest segment goes. Its unacknowledged records count as dropped,
   * even those already in flight (they may still arrive: the counter errs on the side of "lost").
   */
  private async dropOldest(): Promise<void> {
    const old = this.st.segs.shift()!;
    const next = this.st.segs[0]!;
    const atCursor = this.cursor.seq === old.seq;
    const records = atCursor ? old.records - this.ackIndex : old.records;
    const bytes = atCursor ? old.size - this.cursor.offset : old.size;
    if (this.st.readPos.seq <= old.seq) this.st.readPos = { seq: next.seq, offset: 0 };
    Object.assign(this.cursor, { seq: next.seq, offset: 0 });
    this.ackIndex = 0;
    this.pendingRecords = Math.max(0, this.pendingRecords - records);
    this.cursor.droppedRecords += records;
    this.cursor.droppedBytes += bytes;
    this.cursor.droppedSegments += 1;
    writeCursor(this.opts.dir, this.cursor);
    await removeSegment(this.opts.dir, old.seq);
    this.opts.onDrop?.({ reason: 'full', records, bytes });
  }

  /** Next batch after the read position, or null when everything written has been read. */
  read(maxRecords: number, maxBytes: number): Promise<SpoolBatch | null> {
    return this.reader.read(maxRecords, maxBytes);
  }

  /** The batch was delivered. Batches must be acknowledged in the order they were read. */
  async ack(batch: Pick<SpoolBatch, 'end' | 'records'>): Promise<void> {
    if (comparePos(batch.end, this.cursor) <= 0) return; // its segment was dropped (and counted) meanwhile
    const n = batch.records.length;
    this.pendingRecords = Math.max(0, this.pendingRecords - n);
    this.ackIndex = batch.end.seq === this.cursor.seq ? this.ackIndex + n : n;
    Object.assign(this.cursor, { seq: batch.end.seq, offset: batch.end.offset });
    const consumed: number[] = [];
    const segs = this.st.segs;
    while (segs.length > 1 && (segs[0]!.seq < this.cursor.seq || this.cursor.offset >= segs[0]!.size)) {
      const gone = segs.shift()!;
      consumed.push(gone.seq);
      if (gone.seq === this.cursor.seq) {
        Object.assign(this.cursor, { seq: segs[0]!.seq, offset: 0 });
        this.ackIndex = 0;
      }
    }
    writeCursor(this.opts.dir, this.cursor);
    for (const seq of consumed) await removeSegment(this.opts.dir, seq);
  }

  /** Forget what was read but not acknowledged (a restarted uplink starts again from the cursor). */
  rewind(): void {
    this.st.readPos = { seq: this.cursor.seq, offset: this.cursor.offset };
  }

  diskBytes(): number {
    let n = 0;
    for (const s of this.st.segs) n += s.size;
    return n;
  }

  stats(): SpoolStats {
    const { droppedRecords, droppedBytes, droppedSegments } = this.cursor;
    return { pendingRecords: this.pendingRecords, diskBytes: this.diskBytes(), segments: this.st.segs.length, droppedRecords, droppedBytes, droppedSegments };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.flushing) await this.flushing;
    clearInterval(this.syncTimer);
    await this.writer.close();
    await this.reader.close();
  }
}
