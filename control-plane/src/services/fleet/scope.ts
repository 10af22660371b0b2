// `site=` and `host=` filters (issue 19) as SQL, for the events, attackers, credentials and overview
// queries. Events carry their host id (indexed with ts_ms); attackers, credentials and rollups are
// matched through the names of the deckies placed on the chosen hosts today.
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

/** The decky names placed on the scope's hosts (a subquery). */
function deckyNames(s: Scope): SQL | undefined {
  const ids = hostIds(s);
  return ids ? sql`SELECT "name" FROM "deckies" WHERE "host_id" IN (${ids})` : undefined;
}

/** `column IN (decky names of the scope)`, for a decky-name column. */
export function deckyIn(column: AnyColumn | SQL, s: Scope): SQL | undefined {
  const names = deckyNames(s);
  return names ? sql`${column} IN (${names})` : undefined;
}

/** A JSON array of decky names (attackers.deckies_json) holds one of the scope's deckies. */
export function jsonDeckiesIn(column: AnyColumn | SQL, s: Scope): SQL | undefined {
  const names = deckyNames(s);
  return names ? sql`EXISTS (SELECT 1 FROM json_each(${column}) WHERE value IN (${names}))` : undefined;
}

/** A JSON array of "decky/service" targets (credentials.targets_json) holds one of the scope's deckies. */
export function jsonTargetsIn(column: AnyColumn | SQL, s: Scope): SQL | undefined {
  const names = deckyNames(s);
  return names ? sql`EXISTS (SELECT 1 FROM json_each(${column}) WHERE substr(value, 1, instr(value, '/') - 1) IN (${names}))` : undefined;
}
