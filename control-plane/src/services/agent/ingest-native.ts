// Node's ingest hot path over libSQL's native synchronous connection: prepared multi-row inserts,
// and exactly the rows they really inserted (a stored id is skipped) folded, all in one synchronous
// write transaction: no lookup round trip, no race with other instances. Rows and
// the fold are built before the write lock is taken, so other workers wait only for the writes.
import type { ServiceEvent } from '@decnet/protocol';
import type { SyncArg, SyncSql } from '../../db/native-sync';
import { foldPlan, type FoldPlan } from '../intel/fold';
import { prepareUpsert, type Upsert } from '../intel/upsert';
import { insertChunksNative, splitRecordingChunks } from '../recordings/chunks';

const insertEvents = (rows: number) => `INSERT INTO events (id, host_id, ts_ms, received_at_ms, decky, service, event_type, src_ip, src_port, fields_json, msg, raw)
  VALUES ${Array<string>(rows).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT(id) DO NOTHING`;

/** Rows per multi-row statement; a batch's remainder runs in power-of-two chunks (few distinct texts). */
const CHUNK = 64;

/** Sizes that cover `n` rows: full chunks, then the remainder in powers of two. */
function* chunks(n: number): Generator<[from: number, size: number]> {
  let i = 0;
  while (i < n) {
    let k = CHUNK;
    while (k > n - i) k >>= 1;
    yield [i, k];
    i += k;
  }
}

/**
 * Inserts the rows multi-row and returns which were stored (a stored id is skipped). Inside the
 * write transaction rowids only grow, so a chunk that met a stored id (a retry) reads back the ids it
 * did insert: the rows above the highest rowid before it.
 */
function insertEventRows(sql: SyncSql, rows: SyncArg[][]): boolean[] {
  const stored = new Array<boolean>(rows.length).fill(true);
  let top = Number((sql.stmt('SELECT coalesce(max(rowid), 0) FROM events').raw().all() as [number][])[0]![0]);
  for (const [from, k] of chunks(rows.length)) {
    const r = sql.stmt(insertEvents(k)).run(rows.slice(from, from + k).flat());
    if (r.changes < k) {
      const ids = new Set((sql.stmt('SELECT id FROM events WHERE rowid > ?').raw().all(top) as [string][]).map((x) => x[0]));
      for (let i = from; i < from + k; i++) stored[i] = ids.has(rows[i]![0] as string);
    }
    if (r.changes > 0) top = Number(r.lastInsertRowid);
  }
  return stored;
}

function runFold(sql: SyncSql, plan: FoldPlan, now: number): void {
  for (const [u, rows] of plan as [Upsert<unknown>, unknown[]][]) {
    for (const [from, k] of chunks(rows.length)) {
      const p = prepareUpsert(u, k);
      sql.stmt(p.text).run(p.bind(rows, from, now));
    }
  }
}

export function ingestNative(sql: SyncSql, hostId: string, batch: ServiceEvent[], now: number): { accepted: number; duplicates: number } {
  // A batch can repeat an id (the agent re-read a line): keep the first, as the insert would.
  // Recording pieces go to session_recordings in the same transaction, never to events.
  const rec = splitRecordingChunks(hostId, batch);
  const seen = new Set<string>();
  const unique = rec.events.filter((e) => !seen.has(e.id) && seen.add(e.id));
  const rows: SyncArg[][] = unique.map((e) => [e.id, hostId, Date.parse(e.ts), now, e.decky, e.service, e.eventType, e.srcIp ?? null, e.srcPort ?? null, JSON.stringify(e.fields), e.msg ?? null, e.raw]);
  // Optimistic: the common case stores every event, so fold them all now; a retry refolds exactly
  // the ones it stored, inside the transaction.
  const plan = foldPlan(hostId, unique);
  return sql.write(() => {
    const stored = insertEventRows(sql, rows);
    const fresh = unique.filter((_, i) => stored[i]);
    runFold(sql, fresh.length === unique.length ? plan : foldPlan(hostId, fresh), now);
    const accepted = fresh.length + insertChunksNative(sql, rec.chunks);
    return { accepted, duplicates: batch.length - accepted };
  });
}
