// `tail -F` of one runner log file with byte offsets as positions: a line's position is the offset
// just past its newline, so "after P" means "read from byte P". A partial last line is held until
// its newline; once the stream has ended the file is read to its end and the follow resolves.
import { open, type FileHandle } from 'node:fs/promises';
import type { DeckyLogLine } from '../log-stream';
import { LineSplitter } from './line-splitter';
import type { StreamHub } from './stream-hub';

export interface FollowFileOptions {
  path: string;
  decky: string;
  stream: string;
  afterPosition: string | undefined;
  hub: StreamHub;
  onLine: (l: DeckyLogLine) => Promise<void> | void;
  signal: AbortSignal;
  /** Safety poll while waiting at the end of a live file (wake-ups normally come from the hub). */
  pollMs?: number;
  chunkBytes?: number;
}

export class PositionError extends Error {
  override readonly name = 'PositionError';
}

export function offsetOf(position: string | undefined): number {
  if (position === undefined) return 0;
  if (!/^\d{1,15}$/.test(position)) throw new PositionError(`not a local log position: ${position.slice(0, 32)}`);
  return Number(position);
}

export async function followFile(o: FollowFileOptions): Promise<void> {
  const splitter = new LineSplitter(offsetOf(o.afterPosition));
  let fh: FileHandle;
  try {
    fh = await open(o.path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // pruned: nothing left to read
    throw e;
  }
  const buf = Buffer.alloc(o.chunkBytes ?? 64 * 1024);
  const emit = async (text: string, endOffset: number): Promise<void> => {
    await o.onLine({ decky: o.decky, stream: o.stream, position: String(endOffset), line: text });
  };
  try {
    while (!o.signal.aborted) {
      // Decide "ended" and arm the wake-up before reading: a line written after this read is
      // either seen by it or wakes the wait below, never missed.
      const ended = !o.hub.isLive(o.stream);
      const woke = ended ? undefined : o.hub.wait(o.stream, o.pollMs ?? 1000, o.signal);
      try {
        for (;;) {
          const { bytesRead } = await fh.read(buf, 0, buf.length, splitter.offset);
          if (bytesRead === 0) break;
          for (const l of splitter.push(buf.subarray(0, bytesRead))) {
            if (o.signal.aborted) return;
            await emit(l.text, l.endOffset);
          }
        }
        if (ended) {
          const rest = splitter.flushPartial(); // a torn last line of a dead file: still delivered
          if (rest && !o.signal.aborted) await emit(rest.text, rest.endOffset);
          return;
        }
        await woke?.done;
      } finally {
        woke?.cancel();
      }
    }
  } finally {
    await fh.close();
  }
}
