// TFTP transfers (RFC 1350 §2-§6) keyed by the peer's address and port: lock-step DATA/ACK for a
// read, ACK/DATA for an accepted write (hashed, never stored), OACK first when options were accepted
// (RFC 2347 §3: the reader ACKs block 0, the writer starts with DATA 1). Bounded table, stale entries dropped.
import { createHash, type Hash } from 'node:crypto';
import { ackPacket, dataPacket, errorPacket, oackPacket } from './parser';

/** Transfers tracked at once (least recently active dropped first) and how long an idle one lives. */
export const MAX_TRANSFERS = 64;
export const STALE_MS = 30_000;

export interface ReadTransfer {
  kind: 'read';
  filename: string;
  data: Uint8Array;
  blksize: number;
  /** Last block sent; 0 while the OACK awaits its ACK 0. */
  block: number;
  oack?: Uint8Array;
  startedMs: number;
  lastMs: number;
  /** Finished: kept until stale so the peer's late duplicates are absorbed, not logged as strays. */
  done?: boolean;
}

export interface WriteTransfer {
  kind: 'write';
  filename: string;
  blksize: number;
  /** Last block acknowledged (0 = the request's ACK or OACK). */
  block: number;
  hash: Hash;
  bytes: number;
  head: Uint8Array;
  lastReply: Uint8Array;
  startedMs: number;
  lastMs: number;
  done?: boolean;
}

export type Transfer = ReadTransfer | WriteTransfer;

export class TransferTable {
  private readonly map = new Map<string, Transfer>();
  get size(): number {
    return this.map.size;
  }
  get(key: string, nowMs: number): Transfer | undefined {
    this.sweep(nowMs);
    const t = this.map.get(key);
    if (t) {
      // Re-insert: the map's order is the activity order (oldest first) for sweeping and eviction.
      this.map.delete(key);
      t.lastMs = nowMs;
      this.map.set(key, t);
    }
    return t;
  }
  set(key: string, t: Transfer, nowMs: number): void {
    this.sweep(nowMs);
    this.map.delete(key);
    while (this.map.size >= MAX_TRANSFERS) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, t);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  private sweep(nowMs: number): void {
    for (const [k, t] of this.map) {
      if (nowMs - t.lastMs < STALE_MS) break;
      this.map.delete(k);
    }
  }
}

export function blockOf(t: ReadTransfer, n: number): Uint8Array {
  const start = (n - 1) * t.blksize;
  return dataPacket(n & 0xffff, t.data.subarray(Math.min(start, t.data.length), Math.min(start + t.blksize, t.data.length)));
}

/** The last block is the first one shorter than blksize (possibly empty, RFC 1350 §6). */
export const lastBlock = (t: ReadTransfer): number => Math.floor(t.data.length / t.blksize) + 1;

export function newWrite(filename: string, blksize: number, oack: Array<[string, string]>, nowMs: number): WriteTransfer {
  return { kind: 'write', filename, blksize, block: 0, hash: createHash('sha256'), bytes: 0, head: new Uint8Array(0), lastReply: oack.length ? oackPacket(oack) : ackPacket(0), startedMs: nowMs, lastMs: nowMs };
}

/** RFC 764 netascii: LF -> CR LF, CR -> CR NUL (tftpd-hpa's readit with conversion). */
export function toNetascii(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (const b of bytes) {
    if (b === 0x0a) out.push(0x0d, 0x0a);
    else if (b === 0x0d) out.push(0x0d, 0x00);
    else out.push(b);
  }
  return Uint8Array.from(out);
}

export { errorPacket };
