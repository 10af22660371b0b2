// Node's ingest hot path over libSQL's native synchronous connection: one prepared single-row insert
// per event, and exactly the rows it really inserted (a stored id reports 0 changes) folded, all in
// one synchronous write transaction: no lookup round trip, no race with other instances. Rows and
// the fold are built before the write lock is taken, so other workers wait only for the writes.
import type { ServiceEvent } from '@decnet/protocol';
import type { SyncArg, SyncSql } from '../../db/native-sync';
import { foldPlan, type FoldPlan } from '../intel/fold';
import { prepareUpsert, type Upsert } from '../intel/upsert';
import { insertChunksNative, splitRecordingChunks } from '../recordings/chunks';

const INSERT_EVENT = `INSERT INTO events (id, host_id, ts_ms, received_at_ms, decky, service, event_type, src_ip, src_port, fields_json, msg, raw)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`;

/** Rows per multi-row statement; a batch's remainder runs in power-of-two chunks (few distinct texts). */
const CHUNK = 64;

function runFold(sql: SyncSql, plan: FoldPlan, now: number): void {
  for (const [u, rows] of plan as [Upsert<unknown>, unknown[]][]) {
    let i = 0;
    while (i < rows.length) {
      let k = CHUNK;
      while (k > rows.length - i) k >>= 1;
      const p = prepareUpsert(u, k);
      sql.stmt(p.text).run(p.bind(rows, i, now));
      i += k;
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
    const insert = sql.stmt(INSERT_EVENT);
    const fresh: ServiceEvent[] = [];
    for (let i = 0; i < rows.length; i++) if (insert.run(rows[i]).changes === 1) fresh.push(unique[i]!);
    runFold(sql, fresh.length === unique.length ? plan : foldPlan(hostId, fresh), now);
    const stored = fresh.length + insertChunksNative(sql, rec.chunks);
    return { accepted: stored, duplicates: batch.length - stored };
  });
}
