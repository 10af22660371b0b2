// Node's ingest hot path over libSQL's native synchronous connection: one prepared single-row insert
// per event, and exactly the rows it really inserted (a stored id reports 0 changes) folded, all in
// one synchronous write transaction: no lookup round trip, no race with other instances.
import type { ServiceEvent } from '@decnet/protocol';
import type { SyncSql } from '../../db/native-sync';
import { foldPlan } from '../intel/fold';
import { prepareUpsert, type Upsert } from '../intel/upsert';

const INSERT_EVENT = `INSERT INTO events (id, host_id, ts_ms, received_at_ms, decky, service, event_type, src_ip, src_port, fields_json, msg, raw)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`;

export function ingestNative(sql: SyncSql, hostId: string, batch: ServiceEvent[], now: number): { accepted: number; duplicates: number } {
  return sql.write(() => {
    const insert = sql.stmt(INSERT_EVENT);
    const fresh: ServiceEvent[] = [];
    for (const e of batch) {
      const row = [e.id, hostId, Date.parse(e.ts), now, e.decky, e.service, e.eventType, e.srcIp ?? null, e.srcPort ?? null, JSON.stringify(e.fields), e.msg ?? null, e.raw];
      // A repeated id (stored before, or earlier in this batch) changes nothing: the first wins.
      if (insert.run(row).changes === 1) fresh.push(e);
    }
    for (const [u, rows] of foldPlan(hostId, fresh)) {
      const p = prepareUpsert(u as Upsert<unknown>);
      const stmt = sql.stmt(p.text);
      for (const r of rows) stmt.run(p.bind(r, now));
    }
    return { accepted: fresh.length, duplicates: batch.length - fresh.length };
  });
}
