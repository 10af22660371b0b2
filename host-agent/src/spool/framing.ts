// Record framing of spool segments: [u32le length][u32le crc32(payload)][payload]. A torn or
// corrupted record fails the length or checksum test and is never returned.
import { crc32 } from 'node:zlib';

export const HEADER_BYTES = 8;
/** Larger than any valid event (ServiceEvent is bounded to ~100 KiB of JSON). */
export const RECORD_MAX_BYTES = 4 * 1024 * 1024;

export function frame(payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  payload.copy(out, HEADER_BYTES);
  return out;
}

export type ScanStop = 'end' | 'partial' | 'corrupt' | 'limit';

export interface ScanResult {
  /** Payloads (views into `buf`). */
  records: Buffer[];
  /** Offset in `buf` just past the last valid record. */
  end: number;
  /** Why scanning stopped: clean end, an incomplete record at the end, a bad record, or maxRecords. */
  stop: ScanStop;
}

/**
 * Parse whole records from `buf` starting at `start`, at most `maxRecords` of them. An incomplete
 * trailing record is `partial` (maybe still being written, or torn by a crash); a length over
 * RECORD_MAX_BYTES or a checksum mismatch is `corrupt`.
 */
export function scanRecords(buf: Buffer, start = 0, maxRecords = Number.POSITIVE_INFINITY): ScanResult {
  const records: Buffer[] = [];
  let off = start;
  while (records.length < maxRecords) {
    if (off === buf.length) return { records, end: off, stop: 'end' };
    if (buf.length - off < HEADER_BYTES) return { records, end: off, stop: 'partial' };
    const len = buf.readUInt32LE(off);
    if (len > RECORD_MAX_BYTES) return { records, end: off, stop: 'corrupt' };
    if (buf.length - off - HEADER_BYTES < len) return { records, end: off, stop: 'partial' };
    const payload = buf.subarray(off + HEADER_BYTES, off + HEADER_BYTES + len);
    if (crc32(payload) !== buf.readUInt32LE(off + 4)) return { records, end: off, stop: 'corrupt' };
    records.push(payload);
    off += HEADER_BYTES + len;
  }
  return { records, end: off, stop: off === buf.length ? 'end' : 'limit' };
}

/** Length of the record whose header starts at `off`, if the header is readable and sane. */
export function recordLengthAt(buf: Buffer, off: number): number | undefined {
  if (buf.length - off < HEADER_BYTES) return undefined;
  const len = buf.readUInt32LE(off);
  return len > RECORD_MAX_BYTES ? undefined : HEADER_BYTES + len;
}
