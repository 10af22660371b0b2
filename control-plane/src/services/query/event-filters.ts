// Shared event filters (time range, decky, service, type, source address, free text) as SQL. Each
// has an index (see schema/events.ts); free text goes through the events_fts FTS5 index.
import { and, eq, gte, lt, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { events } from '../../db/schema';
import { AppError } from '../../errors';
import { ftsQuery } from './fts-query';
import { hostIdIn } from '../fleet/scope';

export interface EventFilter {
  from?: string;
  to?: string;
  decky?: string;
  service?: string;
  eventType?: string;
  srcIp?: string;
  q?: string;
  /** Site label / host id (issue 19): events of the matching hosts only. */
  site?: string;
  host?: string;
}

export function parseTime(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new AppError('validation_failed', `${name} is not a date-time`);
  return ms;
}

/** `column` contains `text` literally: LIKE with %, _ and \\ in `text` escaped. */
export function likeContains(column: AnyColumn | SQL, text: string): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}

export function eventWhere(f: EventFilter): SQL | undefined {
  const from = parseTime(f.from, 'from');
  const to = parseTime(f.to, 'to');
  const parts: (SQL | undefined)[] = [
    from !== undefined ? gte(events.tsMs, from) : undefined,
    to !== undefined ? lt(events.tsMs, to) : undefined,
    f.decky ? eq(events.decky, f.decky) : undefined,
    f.service ? eq(events.service, f.service) : undefined,
    f.eventType ? eq(events.eventType, f.eventType) : undefined,
    f.srcIp ? eq(events.srcIp, f.srcIp) : undefined,
    hostIdIn(events.hostId, f),
    f.q ? sql`${events}.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ${ftsQuery(f.q)})` : undefined,
  ];
  return and(...parts.filter((p): p is SQL => p !== undefined));
}

