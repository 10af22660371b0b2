// Per-decky append-only runner logs: `<root>/<decky>/<startMs>.log`, one file per runner start (and per
// rotation), so lines survive an agent restart. Stream ids are `local/<decky>/<startMs>`; a decky's
// files are bounded in total, oldest ended file deleted first.
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { DECKY_NAME_RE } from '@decnet/protocol';

const FILE_RE = /^(\d{1,16})\.log$/;
const STREAM_RE = /^local\/([A-Za-z0-9_-]{1,63})\/(\d{1,16})$/;

export interface LogFileInfo {
  decky: string;
  startMs: number;
  stream: string;
  path: string;
  sizeBytes: number;
  mtimeMs: number;
}

export const streamIdOf = (decky: string, startMs: number): string => `local/${decky}/${startMs}`;

/** The file behind a stream id, or undefined for an id that is not ours (no path tricks possible). */
export function logPathOf(root: string, stream: string): string | undefined {
  const m = STREAM_RE.exec(stream);
  if (!m || !DECKY_NAME_RE.test(m[1]!)) return undefined;
  return join(root, m[1]!, `${m[2]}.log`);
}

export function deckyLogFiles(root: string, decky: string): LogFileInfo[] {
  let names: string[];
  try {
    names = readdirSync(join(root, decky));
  } catch {
    return [];
  }
  const out: LogFileInfo[] = [];
  for (const name of names) {
    const m = FILE_RE.exec(name);
    if (!m) continue;
    const path = join(root, decky, name);
    try {
      const startMs = Number(m[1]);
      const st = statSync(path);
      out.push({ decky, startMs, stream: streamIdOf(decky, startMs), path, sizeBytes: st.size, mtimeMs: st.mtimeMs });
    } catch {
      // deleted meanwhile
    }
  }
  return out.sort((a, b) => a.startMs - b.startMs);
}

export function allLogFiles(root: string): LogFileInfo[] {
  let deckies: string[];
  try {
    deckies = readdirSync(root);
  } catch {
    return [];
  }
  return deckies.filter((d) => DECKY_NAME_RE.test(d)).flatMap((d) => deckyLogFiles(root, d));
}

/**
 * Deletes a decky's oldest files (never `live`) until the rest fit in maxBytes, and any ended file
 * last written more than retentionMs ago. Returns the streams deleted.
 */
export function pruneDecky(root: string, decky: string, maxBytes: number, retentionMs: number, live: ReadonlySet<string>, nowMs: number): string[] {
  const files = deckyLogFiles(root, decky);
  let total = files.reduce((n, f) => n + f.sizeBytes, 0);
  const deleted: string[] = [];
  for (const f of files) {
    if (live.has(f.stream)) continue;
    const expired = nowMs - f.mtimeMs > retentionMs;
    if (total <= maxBytes && !expired) continue;
    try {
      unlinkSync(f.path);
      total -= f.sizeBytes;
      deleted.push(f.stream);
    } catch {
      // already gone
    }
  }
  return deleted;
}
