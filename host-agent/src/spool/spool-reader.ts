// Reads batches of whole records from the spool's segments, after the read position and never
// past what has been written. Not re-entrant: the uplink reads from a single loop.
import { open, type FileHandle } from 'node:fs/promises';
import type { Position } from './cursor';
import { recordLengthAt, scanRecords } from './framing';
import { segmentPath } from './segments';

export interface Seg {
  seq: number;
  /** Bytes of valid records written so far. */
  size: number;
  records: number;
}

export interface SpoolBatch {
  records: Buffer[];
  start: Position;
  end: Position;
}

/** What the reader shares with the spool: the segment list (last = active) and the read position. */
export interface ReaderState {
  dir: string;
  segs: Seg[];
  readPos: Position;
}

export class SpoolReader {
  private fh: { seq: number; fh: FileHandle } | undefined;

  constructor(
    private readonly state: ReaderState,
    /** A region that fails its checksum at read time (disk corruption after recovery). */
    private readonly onCorrupt: (bytes: number) => void,
  ) {}

  async read(maxRecords: number, maxBytes: number): Promise<SpoolBatch | null> {
    const st = this.state;
    for (;;) {
      const pos = st.readPos;
      const idx = st.segs.findIndex((s) => s.seq === pos.seq);
      const seg = st.segs[idx];
      if (!seg) {
        const next = st.segs.find((s) => s.seq > pos.seq);
        if (!next) return null;
        st.readPos = { seq: next.seq, offset: 0 };
        continue;
      }
      if (pos.offset >= seg.size) {
        if (idx === st.segs.length - 1) return null; // caught up with the writer
        st.readPos = { seq: st.segs[idx + 1]!.seq, offset: 0 };
        continue;
      }
      let buf = await this.readAt(seg.seq, pos.offset, Math.min(seg.size - pos.offset, maxBytes));
      if (st.readPos !== pos) continue; // a drop moved the read position while we waited
      let scan = scanRecords(buf, 0, maxRecords);
      if (scan.records.length === 0 && scan.stop === 'partial') {
        const need = recordLengthAt(buf, 0); // a single record larger than maxBytes: read it whole
        if (need !== undefined && need <= seg.size - pos.offset) {
          buf = await this.readAt(seg.seq, pos.offset, need);
          if (st.readPos !== pos) continue;
          scan = scanRecords(buf, 0, 1);
        }
      }
      if (scan.records.length === 0) {
        st.readPos = { seq: seg.seq, offset: seg.size };
        this.onCorrupt(seg.size - pos.offset);
        continue;
      }
      const end = { seq: seg.seq, offset: pos.offset + scan.end };
      st.readPos = end;
      return { records: scan.records, start: pos, end };
    }
  }

  private async readAt(seq: number, offset: number, length: number): Promise<Buffer> {
    if (this.fh?.seq !== seq) {
      await this.close();
      this.fh = { seq, fh: await open(segmentPath(this.state.dir, seq), 'r') };
    }
    const buf = Buffer.allocUnsafe(length);
    const { bytesRead } = await this.fh.fh.read(buf, 0, length, offset);
    return buf.subarray(0, bytesRead);
  }

  async close(): Promise<void> {
    const f = this.fh;
    this.fh = undefined;
    await f?.fh.close();
  }
}
