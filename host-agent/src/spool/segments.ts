// Segment files `seg-<seq>.log` of the spool: naming, listing, and the recovery scan that finds
// each segment's valid end (a torn final record is cut off) and counts its records.
import { open, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { HEADER_BYTES, scanRecords } from './framing';

const NAME_RE = /^seg-(\d{16})\.log$/;

export function segmentName(seq: number): string {
  return `seg-${String(seq).padStart(16, '0')}.log`;
}

export function segmentPath(dir: string, seq: number): string {
  return join(dir, segmentName(seq));
}

export async function listSegments(dir: string): Promise<number[]> {
  const names = await readdir(dir);
  return names
    .map((n) => NAME_RE.exec(n)?.[1])
    .filter((s): s is string => s !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export interface SegmentInfo {
  seq: number;
  /** Bytes of whole, valid records (the file may be longer if its tail is torn or corrupt). */
  size: number;
  /** Records in [0, size). */
  records: number;
  /** Records in [fromOffset, size) when scanned with a start offset. */
  recordsAfter: number;
  /** Bytes on disk beyond `size` (torn tail or corruption). */
  garbageBytes: number;
}

/** Scan a whole segment; `fromOffset` counts the records at or after it separately. */
export async function scanSegment(dir: string, seq: number, fromOffset = 0): Promise<SegmentInfo> {
  const fh = await open(segmentPath(dir, seq), 'r');
  try {
    const { size: fileSize } = await fh.stat();
    const buf = Buffer.allocUnsafe(fileSize);
    const { bytesRead } = await fh.read(buf, 0, fileSize, 0);
    const data = buf.subarray(0, bytesRead);
    const all = scanRecords(data);
    let off = 0;
    let after = 0;
    for (const r of all.records) {
      if (off >= fromOffset) after++;
      off += HEADER_BYTES + r.length;
    }
    return { seq, size: all.end, records: all.records.length, recordsAfter: after, garbageBytes: data.length - all.end };
  } finally {
    await fh.close();
  }
}

export async function removeSegment(dir: string, seq: number): Promise<void> {
  await unlink(segmentPath(dir, seq)).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
}
