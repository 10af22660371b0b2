// Background maintenance, idempotent and safe on many instances at once: raw events past the age or
// row limit are deleted in bounded chunks (attackers, sessions, credentials and rollups stay), and
// spent enrollment tokens and stream tickets are purged.
import { and, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { enrollmentTokens, events, streamTickets } from '../../db/schema';

const CHUNK_ROWS = 10_000;
const DAY_MS = 86_400_000;

export interface MaintenanceResult {
  eventsDeletedByAge: number;
  eventsDeletedByCount: number;
}

async function deleteChunks(deps: AppDeps, where: ReturnType<typeof sql>, maxRows = Number.POSITIVE_INFINITY): Promise<number> {
  let total = 0;
  while (total < maxRows) {
    const n = Math.min(CHUNK_ROWS, maxRows - total);
    const res = await deps.db.run(sql`DELETE FROM ${events} WHERE rowid IN (SELECT rowid FROM ${events} WHERE ${where} ORDER BY rowid LIMIT ${sql.raw(String(n))})`);
    const deleted = Number((res as { rowsAffected?: number; meta?: { changes?: number } }).rowsAffected ?? (res as { meta?: { changes?: number } }).meta?.changes ?? 0);
    total += deleted;
    if (deleted < n) break;
  }
  return total;
}

export async function runMaintenance(deps: AppDeps): Promise<MaintenanceResult> {
  const { maxAgeDays, maxRows } = deps.config.retention;
  const now = deps.now();
  const result: MaintenanceResult = { eventsDeletedByAge: 0, eventsDeletedByCount: 0 };
  if (maxAgeDays > 0) result.eventsDeletedByAge = await deleteChunks(deps, sql`${events.tsMs} < ${now - maxAgeDays * DAY_MS}`);
  if (maxRows > 0) {
    const row = await deps.db.select({ n: sql<number>`count(*)` }).from(events).get();
    const excess = Number(row?.n ?? 0) - maxRows;
    if (excess > 0) result.eventsDeletedByCount = await deleteChunks(deps, sql`1 = 1`, excess);
  }
  await deps.db.delete(streamTickets).where(lt(streamTickets.expiresAtMs, now - 3_600_000));
  await deps.db.delete(enrollmentTokens).where(or(and(isNotNull(enrollmentTokens.usedAtMs), lt(enrollmentTokens.usedAtMs, now - 30 * DAY_MS)), lt(enrollmentTokens.expiresAtMs, now - 30 * DAY_MS)));
  if (result.eventsDeletedByAge || result.eventsDeletedByCount) deps.logger.info('retention', { ...result });
  return result;
}
