// Background maintenance, idempotent and safe on many instances at once: raw events past the age or
// row limit are deleted in bounded chunks (attackers, sessions, credentials and rollups stay), and
// spent enrollment tokens and stream tickets are purged. Each chunk takes its full-text index entries
// with it in the same transaction, and the full-text index is brought up to date.
import { and, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { enrollmentTokens, events, streamTickets } from '../../db/schema';
import { q, type RawSql } from '../../db/raw-sql';
import { syncFts } from '../query/fts-sync';
import { deleteOldRecordings } from '../recordings/retention';

const CHUNK_ROWS = 10_000;
const DAY_MS = 86_400_000;

export interface MaintenanceResult {
  eventsDeletedByAge: number;
  eventsDeletedByCount: number;
}

async function deleteChunks(deps: AppDeps, where: RawSql, maxRows = Number.POSITIVE_INFINITY): Promise<number> {
  let total = 0;
  while (total < maxRows) {
    const n = Math.min(CHUNK_ROWS, maxRows - total);
    const chunk = q`SELECT rowid FROM events WHERE ${where} ORDER BY rowid LIMIT ${q.raw(String(n))}`;
    // External-content FTS5 needs the deleted text: taken from the rows before they go (indexed ones
    // only), in the same transaction as the delete.
    const [, res] = await deps.rawBatch([
      q`INSERT INTO events_fts(events_fts, rowid, raw) SELECT 'delete', rowid, raw FROM events WHERE rowid IN (${chunk}) AND rowid <= (SELECT indexed_upto FROM fts_state WHERE id = 1) AND raw IS NOT NULL`,
      q`DELETE FROM events WHERE rowid IN (${chunk})`,
    ]);
    const deleted = res?.rowsAffected ?? 0;
    total += deleted;
    if (deleted < n) break;
  }
  return total;
}

export async function runMaintenance(deps: AppDeps): Promise<MaintenanceResult> {
  const { maxAgeDays, maxRows } = deps.config.retention;
  const now = deps.now();
  const result: MaintenanceResult = { eventsDeletedByAge: 0, eventsDeletedByCount: 0 };
  let recordingPieces = 0;
  if (maxAgeDays > 0) {
    result.eventsDeletedByAge = await deleteChunks(deps, q`ts_ms < ${now - maxAgeDays * DAY_MS}`);
    recordingPieces = await deleteOldRecordings(deps, now - maxAgeDays * DAY_MS);
  }
  if (maxRows > 0) {
    const row = await deps.db.select({ n: sql<number>`count(*)` }).from(events).get();
    const excess = Number(row?.n ?? 0) - maxRows;
    if (excess > 0) result.eventsDeletedByCount = await deleteChunks(deps, q`1 = 1`, excess);
  }
  await syncFts(deps);
  await deps.db.delete(streamTickets).where(lt(streamTickets.expiresAtMs, now - 3_600_000));
  await deps.db.delete(enrollmentTokens).where(or(and(isNotNull(enrollmentTokens.usedAtMs), lt(enrollmentTokens.usedAtMs, now - 30 * DAY_MS)), lt(enrollmentTokens.expiresAtMs, now - 30 * DAY_MS)));
  if (result.eventsDeletedByAge || result.eventsDeletedByCount || recordingPieces) deps.logger.info('retention', { ...result, recordingPieces });
  return result;
}
