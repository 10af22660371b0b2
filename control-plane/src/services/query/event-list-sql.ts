// The SQL of the events list (exported so the planner test explains exactly what runs). Newest
// first by (ts_ms, rowid) on the filter's index; with `q`, the FTS5 index drives the loop newest
// rowid first and each hit joins its event by rowid, so nothing is materialised or sorted.
import { sql, type SQL } from 'drizzle-orm';
import { parseTime, type EventFilter } from './event-filters';
import { ftsQuery } from './fts-query';
import { hostIdIn } from '../fleet/scope';

/** Columns in the order eventFromValues reads them (projection: everything the view needs, no more). */
export const EVENT_COLUMNS = sql.raw('events.rowid, events.id, events.host_id, events.ts_ms, events.decky, events.service, events.event_type, events.src_ip, events.src_port, events.fields_json, events.msg, events.raw');

export interface ListCursor {
  ts: number;
  seq: number;
}

export function eventListSql(f: EventFilter, limit: number, after?: ListCursor): SQL {
  const from = parseTime(f.from, 'from');
  const to = parseTime(f.to, 'to');
  const conds: SQL[] = [];
  if (from !== undefined) conds.push(sql`events.ts_ms >= ${from}`);
  if (to !== undefined) conds.push(sql`events.ts_ms < ${to}`);
  if (f.decky) conds.push(sql`events.decky = ${f.decky}`);
  if (f.service) conds.push(sql`events.service = ${f.service}`);
  if (f.eventType) conds.push(sql`events.event_type = ${f.eventType}`);
  if (f.srcIp) conds.push(sql`events.src_ip = ${f.srcIp}`);
  const scoped = hostIdIn(sql.raw('events.host_id'), f);
  if (scoped) conds.push(scoped);
  if (f.q) {
    // Ordered by rowid (arrival order) so FTS5 streams hits newest first; the cursor is the rowid.
    if (after) conds.push(sql`events_fts.rowid < ${after.seq}`);
    const where = conds.length ? sql` AND ${sql.join(conds, sql` AND `)}` : sql``;
    return sql`SELECT ${EVENT_COLUMNS} FROM events_fts JOIN events ON events.rowid = events_fts.rowid WHERE events_fts MATCH ${ftsQuery(f.q)}${where} ORDER BY events_fts.rowid DESC LIMIT ${limit}`;
  }
  // Keyset: (ts_ms, rowid) < (ts, seq), with a plain ts_ms bound so the index range is used.
  if (after) conds.push(sql`events.ts_ms <= ${after.ts} AND (events.ts_ms < ${after.ts} OR events.rowid < ${after.seq})`);
  const where = conds.length ? sql` WHERE ${sql.join(conds, sql` AND `)}` : sql``;
  return sql`SELECT ${EVENT_COLUMNS} FROM events${where} ORDER BY events.ts_ms DESC, events.rowid DESC LIMIT ${limit}`;
}

/**
 * Events after a stream cursor, oldest first: the rowid range drives the loop (only new rows are
 * read); the filters' columns are `+`-prefixed so SQLite does not pick their index and sort instead.
 */
export function eventsAfterSql(seq: number, f: Omit<EventFilter, 'from' | 'to'>, limit: number): SQL {
  const conds: SQL[] = [sql`events.rowid > ${seq}`];
  if (f.decky) conds.push(sql`+events.decky = ${f.decky}`);
  if (f.service) conds.push(sql`+events.service = ${f.service}`);
  if (f.eventType) conds.push(sql`+events.event_type = ${f.eventType}`);
  if (f.srcIp) conds.push(sql`+events.src_ip = ${f.srcIp}`);
  if (f.q) conds.push(sql`events.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ${ftsQuery(f.q)} AND rowid > ${seq})`);
  return sql`SELECT ${EVENT_COLUMNS} FROM events WHERE ${sql.join(conds, sql` AND `)} ORDER BY events.rowid LIMIT ${limit}`;
}
