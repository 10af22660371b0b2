// The acknowledged position of the spool and its drop counters, persisted crash-safely:
// write a temp file, fsync it, rename over cursor.json, fsync the directory.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export interface Position {
  seq: number;
  offset: number;
}

export const CursorSchema = z.object({
  v: z.literal(1),
  seq: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  droppedRecords: z.number().int().nonnegative(),
  droppedBytes: z.number().int().nonnegative(),
  droppedSegments: z.number().int().nonnegative(),
});
export type CursorState = z.infer<typeof CursorSchema>;

export const CURSOR_FILE = 'cursor.json';

export function comparePos(a: Position, b: Position): number {
  return a.seq !== b.seq ? a.seq - b.seq : a.offset - b.offset;
}

export function readCursor(dir: string): CursorState | undefined {
  try {
    const r = CursorSchema.safeParse(JSON.parse(readFileSync(join(dir, CURSOR_FILE), 'utf8')));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Synchronous on purpose: small (~150 bytes), a few times a second, and must not interleave. */
export function writeCursor(dir: string, state: CursorState): void {
  const tmp = join(dir, `${CURSOR_FILE}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(state));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, CURSOR_FILE));
  fsyncDir(dir);
}
