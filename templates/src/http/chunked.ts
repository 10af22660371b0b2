// The chunked transfer coding decoder (RFC 9112 §7.1): chunk-size in hex with optional extensions,
// chunk data and CRLF, the last-chunk, then the trailer section (§7.1.2) which is read and discarded.
// Consumes from a ByteQueue as far as it can; bounded size lines and trailers.
import type { ByteQueue } from '../_io/byte-queue';

const MAX_SIZE_LINE = 4096;
const MAX_TRAILER = 8192;

export interface ChunkStep {
  data: Buffer;
  done: boolean;
  error?: string;
}

export class ChunkedDecoder {
  private state: 'size' | 'data' | 'data_crlf' | 'trailer' = 'size';
  private left = 0;
  private trailerBytes = 0;

  feed(q: ByteQueue): ChunkStep {
    const out: Buffer[] = [];
    for (;;) {
      if (this.state === 'size') {
        const lf = q.indexOf(0x0a);
        if (lf < 0) return q.length > MAX_SIZE_LINE ? { data: Buffer.alloc(0), done: false, error: 'chunk size line too long' } : this.step(out, false);
        const line = q.take(lf + 1).toString('latin1').replace(/\r?\n$/, '');
        const m = /^([0-9A-Fa-f]{1,15})[ \t]*(;.*)?$/.exec(line);
        if (!m) return { data: Buffer.alloc(0), done: false, error: 'invalid chunk size' };
        this.left = Number.parseInt(m[1] ?? '0', 16);
        this.state = this.left === 0 ? 'trailer' : 'data';
      } else if (this.state === 'data') {
        if (q.length === 0) return this.step(out, false);
        const data = q.take(Math.min(this.left, q.length));
        this.left -= data.length;
        out.push(data);
        if (this.left === 0) this.state = 'data_crlf';
      } else if (this.state === 'data_crlf') {
        if (q.length < 1 || (q.at(0) === 0x0d && q.length < 2)) return this.step(out, false);
        if (q.at(0) === 0x0d && q.at(1) === 0x0a) q.skip(2);
        else if (q.at(0) === 0x0a) q.skip(1);
        else return { data: Buffer.alloc(0), done: false, error: 'missing CRLF after chunk data' };
        this.state = 'size';
      } else {
        const lf = q.indexOf(0x0a);
        if (lf < 0) return q.length > MAX_TRAILER ? { data: Buffer.alloc(0), done: false, error: 'trailer too large' } : this.step(out, false);
        const line = q.take(lf + 1);
        this.trailerBytes += line.length;
        if (this.trailerBytes > MAX_TRAILER) return { data: Buffer.alloc(0), done: false, error: 'trailer too large' };
        if (line.length <= 2 && (line[0] === 0x0a || line[0] === 0x0d)) return this.step(out, true);
      }
    }
  }

  private step(out: Buffer[], done: boolean): ChunkStep {
    return { data: Buffer.concat(out), done };
  }
}
