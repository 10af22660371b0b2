// Ingest side of session recordings: `recording_chunk` events are taken out of a batch before the
// events insert and the fold (they are not events to count, list or tag) and written to
// session_recordings in the same transaction. Cheap per event: one string compare for the rest.
import type { ServiceEvent } from '@decnet/protocol';
import type { AppDeps } from '../../deps';
import type { SyncArg, SyncSql } from '../../db/native-sync';
import { q, type RawSql } from '../../db/raw-sql';

export const RECORDING_CHUNK = 'recording_chunk';
/** Raw cast bytes per piece (the recorder's castChunks) and the recorder's cap (10 MiB, as DECNET). */
export const CHUNK_BYTES = 3000;
export const RECORDING_MAX_BYTES = 10 * 1024 * 1024;
/** Pieces per session: the cap in pieces; a piece numbered beyond is not from our recorder. */
export const MAX_CHUNKS = Math.ceil(RECORDING_MAX_BYTES / CHUNK_BYTES);
const DATA_MAX_CHARS = Math.ceil(CHUNK_BYTES / 3) * 4;
const SID_MAX_CHARS = 128;
const COLUMNS = 5;

/** [session_id, seq, chunks, ts_ms, data] */
export type ChunkRow = [string, number, number, number, string];

const INSERT_SQL = 'INSERT INTO session_recordings (session_id, seq, chunks, ts_ms, data) VALUES';
const CONFLICT_SQL = 'ON CONFLICT(session_id, seq) DO NOTHING';

function chunkRow(hostId: string, e: ServiceEvent): ChunkRow | null {
  const f = e.fields;
  const sid = f.session_id ?? f.sid;
  const seq = Number(f.seq);
  const of = Number(f.of);
  const data = f.data;
  if (!sid || !data || data.length > DATA_MAX_CHARS || !Number.isInteger(seq) || !Number.isInteger(of) || seq < 0 || of < 1 || seq >= of || of > MAX_CHUNKS) return null;
  // The same id as the session row the fold makes (intel/extract.ts sessionKey, prefixed by the host).
  return [`${hostId}/${e.decky}/${e.service}/${sid.length > SID_MAX_CHARS ? sid.slice(0, SID_MAX_CHARS) : sid}`, seq, of, Date.parse(e.ts), data];
}

/** The batch without its recording pieces, and the pieces as rows (malformed pieces dropped). */
export function splitRecordingChunks(hostId: string, batch: ServiceEvent[]): { events: ServiceEvent[]; chunks: ChunkRow[]; dropped: number } {
  let i = 0;
  while (i < batch.length && batch[i]!.eventType !== RECORDING_CHUNK) i++;
  if (i === batch.length) return { events: batch, chunks: [], dropped: 0 };
  const events = batch.slice(0, i);
  const chunks: ChunkRow[] = [];
  let dropped = 0;
  for (; i < batch.length; i++) {
    const e = batch[i]!;
    if (e.eventType !== RECORDING_CHUNK) events.push(e);
    else {
      const row = chunkRow(hostId, e);
      if (row) chunks.push(row);
      else dropped++;
    }
  }
  return { events, chunks, dropped };
}

/** Multi-row inserts for the raw-batch path (rowsAffected = pieces newly stored). */
export function chunkInsertStatements(rows: ChunkRow[], sqlParamLimit: number): RawSql[] {
  const per = Math.max(1, Math.floor(sqlParamLimit / COLUMNS));
  const out: RawSql[] = [];
  for (let i = 0; i < rows.length; i += per) {
    const values = rows.slice(i, i + per).map((r) => q`(${r[0]}, ${r[1]}, ${r[2]}, ${r[3]}, ${r[4]})`);
    out.push(q`${q.raw(INSERT_SQL)} ${q.join(values)} ${q.raw(CONFLICT_SQL)}`);
  }
  return out;
}

/** Inserts the pieces on the native connection; call inside its write transaction. Returns pieces stored. */
export function insertChunksNative(sql: SyncSql, rows: ChunkRow[]): number {
  if (rows.length === 0) return 0;
  const stmt = sql.stmt(`${INSERT_SQL} (?, ?, ?, ?, ?) ${CONFLICT_SQL}`);
  let n = 0;
  for (const r of rows) n += stmt.run(r as SyncArg[]).changes;
  return n;
}

/** Raw-batch path when the batch has no new events: the pieces alone, as the ingest answer. */
export async function storeChunks(deps: Pick<AppDeps, 'rawBatch'>, inserts: RawSql[], batchSize: number): Promise<{ accepted: number; duplicates: number }> {
  const stored = inserts.length ? (await deps.rawBatch(inserts)).reduce((n, r) => n + r.rowsAffected, 0) : 0;
  return { accepted: stored, duplicates: batchSize - stored };
}
