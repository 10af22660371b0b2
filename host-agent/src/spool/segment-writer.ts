// Appends framed records to the active segment file. Durability is the caller's policy: it calls
// `sync()` (fdatasync) per group commit or on an interval.
import { open, type FileHandle } from 'node:fs/promises';
import { fsyncDir } from './cursor';
import { segmentPath } from './segments';

export class SegmentWriter {
  private dirty = false;

  private constructor(
    readonly seq: number,
    private readonly fh: FileHandle,
    /** Bytes in the file (all of them valid: recovery truncated any torn tail). */
    public size: number,
  ) {}

  /** Open `seq` for appending; `validSize` truncates a torn tail found by recovery. */
  static async open(dir: string, seq: number, validSize: number | undefined): Promise<SegmentWriter> {
    const path = segmentPath(dir, seq);
    if (validSize === undefined) {
      const fh = await open(path, 'wx', 0o600);
      fsyncDir(dir); // make the new file's directory entry durable
      return new SegmentWriter(seq, fh, 0);
    }
    const fh = await open(path, 'r+');
    const { size } = await fh.stat();
    if (size !== validSize) {
      await fh.truncate(validSize);
      await fh.datasync();
    }
    return new SegmentWriter(seq, fh, validSize);
  }

  /** Write all buffers at the end of the file (positional, so a short write cannot interleave). */
  async write(bufs: Buffer[]): Promise<number> {
    let bytes = 0;
    for (const b of bufs) bytes += b.length;
    if (bytes === 0) return 0;
    let pos = this.size;
    let pending = bufs;
    while (pending.length > 0) {
      const { bytesWritten } = await this.fh.writev(pending, pos);
      pos += bytesWritten;
      pending = dropBytes(pending, bytesWritten);
    }
    this.size = pos;
    this.dirty = true;
    return bytes;
  }

  async sync(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    await this.fh.datasync();
  }

  async close(): Promise<void> {
    await this.sync();
    await this.fh.close();
  }
}

/** Remaining buffers after the first `n` bytes were written (writev may write short). */
function dropBytes(bufs: Buffer[], n: number): Buffer[] {
  const out: Buffer[] = [];
  let skip = n;
  for (const b of bufs) {
    if (skip >= b.length) {
      skip -= b.length;
      continue;
    }
    out.push(skip > 0 ? b.subarray(skip) : b);
    skip = 0;
  }
  return out;
}
