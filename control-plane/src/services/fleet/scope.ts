// `site=` and `host=` filters (issue 19) as SQL, for the events, attackers, credentials and overview
// queries, by where the data was recorded: events carry the id of the host that sent them (indexed
// with ts_ms), and attackers, credentials and hourly rollups are matched through those events, so a
// decky moved to another host or site keeps its history where it happened. Only the "deckies
// running now" count goes by today's placement. History older than the raw-event retention has no
// events left to place it, so scoped views cover the retained events only.
import { and, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { hosts } from '../../db/schema';

export interface Scope {
  site?: string | undefined;
  host?: string | undefined;
}

export const hasScope = (s: Scope): boolean => !!(s.site || s.host);

/** SELECT id FROM hosts matching the scope (undefined when unscoped). */
function hostIds(s: Scope): SQL | undefined {
  if (!hasScope(s)) return undefined;
  const where = and(s.site ? eq(hosts.site, s.site) : undefined, s.host ? eq(hosts.id, s.host) : undefined);
  return sql`SELECT ${hosts.id} FROM ${hosts} WHERE ${where}`;
}

/** `column IN (hosts of the scope)`, for a host-id column. */
export function hostIdIn(column: AnyColumn | SQL, s: Scope): SQL | undefined {
  const ids = hostIds(s);
  return ids ? sql`${column} IN (${ids})` : undefined;
}

/** Time bounds on events.ts_ms, each optional. */
export interface MsRange {
  fromMs?: number | undefined;
  toMs?: number | undefined;
}

/** The events recorded by the scope's hosts (a WHERE clause for "events"; searched on its host index). */
function scopedEvents(ids: SQL, r: MsRange): SQL {
  return sql`"events"."host_id" IN (${ids})${r.fromMs !== undefined ? sql` AND "events"."ts_ms" >= ${r.fromMs}` : sql``}${r.toMs !== undefined ? sql` AND "events"."ts_ms" < ${r.toMs}` : sql``}`;
}

/** `column IN (source addresses of events the scope's hosts recorded)`, for attackers.ip. */
export function srcIpSeenIn(column: AnyColumn | SQL, s: Scope, r: MsRange = {}): SQL | undefined {
  const ids = hostIds(s);
  return ids ? sql`${column} IN (SELECT "events"."src_ip" FROM "events" WHERE ${scopedEvents(ids, r)})` : undefined;
}

/**
 * A credential was tried where the scope's hosts recorded it: one of its attacker addresses has an
 * event there on one of its target deckies ("decky/service" in credentials.targets_json).
 */
export function credentialSeenIn(s: Scope, r: MsRange = {}): SQL | undefined {
  const ids = hostIds(s);
  if (!ids) return undefined;
  return sql`EXISTS (SELECT 1 FROM json_each("credentials"."attacker_ips_json") ip, json_each("credentials"."targets_json") tg
    WHERE (ip.value, substr(tg.value, 1, instr(tg.value, '/') - 1)) IN (SELECT "events"."src_ip", "events"."decky" FROM "events" WHERE ${scopedEvents(ids, r)}))`;
}

/**
 * An hourly rollup row belongs to the host that recorded its decky's first event of that hour (a
 * decky moved within an hour counts that hour where it started). One index probe per rollup row.
 */
export function rollupSeenIn(s: Scope): SQL | undefined {
  const ids = hostIds(s);
  if (!ids) return undefined;
  return sql`(SELECT e."host_id" FROM "events" e WHERE e."decky" = "event_rollups"."decky" AND e."ts_ms" >= "event_rollups"."hour_ms" AND e."ts_ms" < "event_rollups"."hour_ms" + 3600000 ORDER BY e."ts_ms" LIMIT 1) IN (${ids})`;
}
