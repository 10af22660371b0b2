// Idempotent event ingest: every event's globally unique id is the primary key, so re-sent batches
// store nothing twice. One atomic batch stores the new events and folds exactly those into the
// intelligence aggregates. Built with the lean raw-SQL path: this is the hottest code in the product.
// On Node with a local file the native synchronous connection does it (ingest-native.ts), on the
// writer thread when the runtime has one.
import type { ServiceEvent } from '@decnet/protocol';
import type { AppDeps } from '../../deps';
import type { HostRow } from '../../db/schema';
import { q, type RawSql } from '../../db/raw-sql';
import { foldStatements } from '../intel/fold';
import { ingestNative } from './ingest-native';
import { ingestNativeVia } from './ingest-coalesce';
import { noteIngest } from './ingest-activity';
import { refreshAttackRules } from '../attack/state';
import { chunkInsertStatements, splitRecordingChunks, storeChunks } from '../recordings/chunks';

const COLUMNS = 12;

function insertStatements(deps: AppDeps, hostId: string, batch: ServiceEvent[], now: number): RawSql[] {
  const perStatement = Math.max(1, Math.floor(deps.sqlParamLimit / COLUMNS));
  const out: RawSql[] = [];
  for (let i = 0; i < batch.length; i += perStatement) {
    const rows = batch.slice(i, i + perStatement).map(
      (e) => q`(${e.id}, ${hostId}, ${Date.parse(e.ts)}, ${now}, ${e.decky}, ${e.service}, ${e.eventType}, ${e.srcIp ?? null}, ${e.srcPort ?? null}, ${JSON.stringify(e.fields)}, ${e.msg ?? null}, ${e.raw})`,
    );
    out.push(q`INSERT INTO events (id, host_id, ts_ms, received_at_ms, decky, service, event_type, src_ip, src_port, fields_json, msg, raw) VALUES ${q.join(rows)} ON CONFLICT(id) DO NOTHING`);
  }
  return out;
}

export async function ingestEvents(deps: AppDeps, host: HostRow, batch: ServiceEvent[]): Promise<{ accepted: number; duplicates: number }> {
  const now = deps.now();
  noteIngest(deps);
  await refreshAttackRules(deps); // ATT&CK rule state (enable, cap) as of at most STATE_TTL_MS ago
  if (deps.ingestWriter) return ingestNativeVia(deps.ingestWriter, host.id, batch, now);
  if (deps.syncSql) return ingestNative(deps.syncSql, host.id, batch, now);
  // Recording pieces go to session_recordings in the same transaction, never to events.
  const rec = splitRecordingChunks(host.id, batch);
  const recInserts = chunkInsertStatements(rec.chunks, deps.sqlParamLimit);
  if (rec.events.length === 0) return storeChunks(deps, recInserts, batch.length);
  // A batch can repeat an id (the agent re-read a line): keep the first.
  const seen = new Set<string>();
  const unique = rec.events.filter((e) => !seen.has(e.id) && seen.add(e.id));
  const ids = q.join(unique.map((e) => q`${e.id}`));

  // Common case first: nothing in this batch was stored before, so insert and fold everything in
  // one transaction. A retry (some ids already stored) is detected and takes the exact path below.
  // -1 (unknown) when the ids do not fit one statement: then the exact path below looks them up.
  const knownCount =
    unique.length <= deps.sqlParamLimit
      ? Number((await deps.rawBatch([q`SELECT count(*) FROM events WHERE id IN (${ids})`]))[0]?.rows[0]?.[0] ?? 0)
      : -1;
  let fresh = unique;
  if (knownCount !== 0) {
    const known = new Set<string>();
    const perStatement = Math.max(1, deps.sqlParamLimit - 1);
    const lookups: RawSql[] = [];
    for (let i = 0; i < unique.length; i += perStatement) {
      lookups.push(q`SELECT id FROM events WHERE id IN (${q.join(unique.slice(i, i + perStatement).map((e) => q`${e.id}`))})`);
    }
    for (const r of await deps.rawBatch(lookups)) for (const row of r.rows) known.add(String(row[0]));
    fresh = unique.filter((e) => !known.has(e.id));
  }
  if (fresh.length > 0) {
    const inserts = insertStatements(deps, host.id, fresh, now);
    const results = await deps.rawBatch([...inserts, ...recInserts, ...foldStatements(deps, host.id, fresh)]);
    const inserted = results.slice(0, inserts.length).reduce((n, r) => n + r.rowsAffected, 0);
    const stored = inserted + results.slice(inserts.length, inserts.length + recInserts.length).reduce((n, r) => n + r.rowsAffected, 0);
    if (inserted !== fresh.length) {
      // Another instance stored some of these between our check and our insert: the transaction
      // has folded events it did not store. Rare (concurrent retries of one batch); logged loudly.
      deps.logger.warn('ingest race: events stored concurrently by another request', { expected: fresh.length, inserted });
    }
    return { accepted: stored, duplicates: batch.length - stored };
  }
  return storeChunks(deps, recInserts, batch.length);
}
