// Brings the events_fts index up to date in bulk: rows above fts_state.indexed_upto are indexed and
// the watermark advanced in one transaction, so concurrent instances never index a row twice. Run
// before every `q` query (results are never stale), by the live feed and by maintenance.
import { sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { q } from '../../db/raw-sql';
import type { Db } from '../../db/types';

/** Rows per transaction: bounded so one statement stays short on D1 too. */
const CHUNK_ROWS = 50_000;
/**
 * On a local file a chunk runs synchronously on the event loop (~150,000 rows/s): chunks of 50,000
 * held it for a third of a second, each time the live feed caught up after a pause. Smaller there,
 * with a turn of the event loop between them.
 */
const LOCAL_CHUNK_ROWS = 5_000;
const running = new WeakMap<Db, Promise<number>>();

async function syncLoop(deps: AppDeps): Promise<number> {
  let indexed = 0;
  const local = deps.syncSql !== undefined;
  for (let round = 0; ; round++) {
    if (local && round > 0) await new Promise((ok) => setImmediate(ok));
    const [row] = await deps.db.values<number[]>(sql`SELECT indexed_upto, (SELECT coalesce(max(rowid), 0) FROM events) FROM fts_state WHERE id = 1`);
    const upto = Number(row?.[0] ?? 0);
    const head = Number(row?.[1] ?? 0);
    if (upto >= head) return indexed;
    const target = Math.min(head, upto + (local ? LOCAL_CHUNK_ROWS : CHUNK_ROWS));
    // The range is re-read inside the transaction: another instance may have advanced it meanwhile.
    await deps.rawBatch([
      q`INSERT INTO events_fts(rowid, raw) SELECT rowid, raw FROM events WHERE rowid > (SELECT indexed_upto FROM fts_state WHERE id = 1) AND rowid <= ${target} AND raw IS NOT NULL`,
      q`UPDATE fts_state SET indexed_upto = ${target} WHERE id = 1 AND indexed_upto < ${target}`,
    ]);
    indexed += target - upto;
  }
}

/**
 * Indexes every event committed before the call; returns how many rowids it covered. Callers in one
 * process share a run in progress, then check once more (it may have read its head before theirs).
 */
export async function syncFts(deps: AppDeps): Promise<number> {
  const busy = running.get(deps.db);
  if (busy) await busy.catch(() => 0);
  const run = syncLoop(deps);
  running.set(deps.db, run);
  try {
    return await run;
  } finally {
    if (running.get(deps.db) === run) running.delete(deps.db);
  }
}
