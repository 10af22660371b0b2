// Recordings age out with their sessions' raw events: every piece of a session that has a piece
// older than the cutoff goes (whole recordings, never a half), in bounded chunks; idempotent.
import type { AppDeps } from '../../deps';
import { q } from '../../db/raw-sql';

const SESSIONS_PER_CHUNK = 50;
const MAX_ROUNDS = 1000;

export async function deleteOldRecordings(deps: Pick<AppDeps, 'rawBatch'>, cutoffMs: number): Promise<number> {
  let total = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const [res] = await deps.rawBatch([
      q`DELETE FROM session_recordings WHERE session_id IN (SELECT DISTINCT session_id FROM session_recordings WHERE ts_ms < ${cutoffMs} LIMIT ${SESSIONS_PER_CHUNK})`,
    ]);
    const n = res?.rowsAffected ?? 0;
    total += n;
    if (n === 0) break;
  }
  return total;
}
