// When this process last took in a batch of agents' events, per database: background analytics
// (identity clustering) wait for a burst of ingest to pass instead of competing with it for the
// event loop and the write lock.
import type { AppDeps } from '../../deps';

const lastIngest = new WeakMap<object, number>();

export function noteIngest(deps: Pick<AppDeps, 'db' | 'now'>): void {
  lastIngest.set(deps.db, deps.now());
}

/** Milliseconds since this process last ingested into `deps.db` (Infinity: never). */
export function msSinceIngest(deps: Pick<AppDeps, 'db' | 'now'>): number {
  const at = lastIngest.get(deps.db);
  return at === undefined ? Number.POSITIVE_INFINITY : deps.now() - at;
}
