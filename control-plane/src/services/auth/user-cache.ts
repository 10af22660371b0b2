// Per-process cache of the user rows that authenticate requests. An entry is trusted for at most
// USER_CACHE_TTL_MS after its read *started*, so a revocation (token-version bump, role change)
// committed by any instance is refused by every other instance within that bound.
import { prepared } from '../../db/prepared';
import type { UserRow } from '../../db/schema';
import type { Db } from '../../db/types';

/** Worst-case delay between a revocation committed on one instance and refusal on another. */
export const USER_CACHE_TTL_MS = 1000;
const MAX_ENTRIES = 10_000;

interface Entry {
  /** Clock reading taken before the query was issued: the row reflects every commit before it. */
  startedAtMs: number;
  row: Promise<UserRow | undefined>;
}

const caches = new WeakMap<Db, Map<string, Entry>>();

function cacheOf(db: Db): Map<string, Entry> {
  let m = caches.get(db);
  if (!m) caches.set(db, (m = new Map()));
  return m;
}

/** The user row, read at most once per TTL per process (concurrent requests share one read). */
export function cachedUser(db: Db, id: string, nowMs: number): Promise<UserRow | undefined> {
  const cache = cacheOf(db);
  const hit = cache.get(id);
  // A clock that went backwards also expires the entry: the bound must never stretch.
  if (hit && nowMs >= hit.startedAtMs && nowMs - hit.startedAtMs < USER_CACHE_TTL_MS) return hit.row;
  const row = prepared(db).userById.get({ id });
  const entry: Entry = { startedAtMs: nowMs, row };
  row.catch(() => cache.get(id) === entry && cache.delete(id));
  cache.delete(id); // re-insert so Map order stays oldest-first for eviction
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(id, entry);
  return row;
}

/** Drops a user's entry after this process changed them, so the local effect is immediate. */
export function forgetUser(db: Db, id: string): void {
  caches.get(db)?.delete(id);
}
