// The write half of native ingest: one planned job (ingest-native.ts) applied in one synchronous
// write transaction. Small on purpose: the Node writer thread loads only this, the native connection
// and the recording-piece insert, not the fold's planning code.
import type { SyncArg, SyncSql } from '../../db/native-sync';
import { insertChunksNative, type ChunkRow } from '../recordings/chunks';

/** What one transaction writes: event rows (id first), the fold's statements, recording pieces. */
export interface NativeIngestJob {
  rows: SyncArg[][];
  fold: [text: string, params: SyncArg[]][];
  pieces: ChunkRow[];
}

/** Stored: the counts. Some rows' ids already stored: nothing written, and which rows were new. */
export type NativeIngestOutcome = { accepted: number } | { stored: boolean[] };

const insertEvents = (rows: number) => `INSERT INTO events (id, host_id, ts_ms, received_at_ms, decky, service, event_type, src_ip, src_port, fields_json, msg, raw)
  VALUES ${Array<string>(rows).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT(id) DO NOTHING`;

/** Rows per multi-row statement; a remainder runs in power-of-two chunks (few distinct texts). */
const CHUNK = 64;

/** Sizes that cover `n` rows: full chunks, then the remainder in powers of two. */
export function* chunks(n: number): Generator<[from: number, size: number]> {
  let i = 0;
  while (i < n) {
    let k = CHUNK;
    while (k > n - i) k >>= 1;
    yield [i, k];
    i += k;
  }
}

/**
 * Inserts the rows multi-row; null when all were stored, else which were (a stored id is skipped).
 * Inside the write transaction rowids only grow, so the rows a short chunk did insert are the ones
 * above the highest rowid before it.
 */
function insertEventRows(sql: SyncSql, rows: SyncArg[][]): boolean[] | null {
  let stored: boolean[] | null = null;
  let top = Number((sql.stmt('SELECT coalesce(max(rowid), 0) FROM events').raw().get() as [number])[0]);
  for (const [from, k] of chunks(rows.length)) {
    const r = sql.stmt(insertEvents(k)).run(rows.slice(from, from + k).flat());
    if (r.changes < k) {
      stored ??= new Array<boolean>(rows.length).fill(true);
      const ids = new Set((sql.stmt('SELECT id FROM events WHERE rowid > ?').raw().all(top) as [string][]).map((x) => x[0]));
      for (let i = from; i < from + k; i++) stored[i] = ids.has(rows[i]![0] as string);
    }
    if (r.changes > 0) top = Number(r.lastInsertRowid);
  }
  return stored;
}

class Retry extends Error {
  constructor(readonly stored: boolean[]) {
    super('retry');
  }
}

/**
 * Applies the job in one write transaction. If a row's id was already stored, the fold (planned for
 * all rows) would count it twice: the transaction rolls back and the caller plans the rest again.
 */
export function applyNativeIngest(sql: SyncSql, job: NativeIngestJob): NativeIngestOutcome {
  try {
    return sql.write(() => {
      const stored = insertEventRows(sql, job.rows);
      if (stored) throw new Retry(stored);
      for (const [text, params] of job.fold) sql.stmt(text).run(params);
      return { accepted: job.rows.length + insertChunksNative(sql, job.pieces) };
    });
  } catch (e) {
    if (e instanceof Retry) return { stored: e.stored };
    throw e;
  }
}
