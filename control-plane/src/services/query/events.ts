// Event queries: newest-first keyset pages and time histograms (hourly rollups for coarse
// intervals, raw events for fine ones).
import type { EventView } from '@decnet/protocol';
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { eventRollups, events, type EventRow } from '../../db/schema';
import { AppError } from '../../errors';
import { eventWhere, parseTime, type EventFilter } from './event-filters';
import { eventListSql, type ListCursor } from './event-list-sql';
import { syncFts } from './fts-sync';
import { hasScope } from '../fleet/scope';

export type { EventView };

export const eventColumns = { row: events, seq: sql<number>`${events}.rowid`.as('seq') };

export function toEventView(r: EventRow, seq: number): EventView {
  let fields: Record<string, string> = {};
  try {
    fields = JSON.parse(r.fieldsJson) as Record<string, string>;
  } catch {
    fields = {};
  }
  return { id: r.id, seq, ts: new Date(r.tsMs).toISOString(), hostId: r.hostId, decky: r.decky, service: r.service, eventType: r.eventType, srcIp: r.srcIp, srcPort: r.srcPort, fields, msg: r.msg, raw: r.raw ?? '' };
}

const encodeCursor = (ts: number, seq: number) => btoa(`${ts}:${seq}`);
function decodeCursor(c: string): ListCursor {
  const m = /^(\d{1,16}):(\d{1,16})$/.exec((() => { try { return atob(c); } catch { return ''; } })());
  if (!m) throw new AppError('validation_failed', 'cursor is malformed');
  return { ts: Number(m[1]), seq: Number(m[2]) };
}

/** One row of eventListSql's projection as the API's view (index access: driver rows are array-like). */
export function eventFromValues(v: ArrayLike<unknown>): EventView {
  let fields: Record<string, string> = {};
  try {
    fields = JSON.parse(v[9] as string) as Record<string, string>;
  } catch {
    fields = {};
  }
  const srcPort = v[8];
  return {
    id: v[1] as string, seq: Number(v[0]), ts: new Date(Number(v[3])).toISOString(), hostId: v[2] as string | null, decky: v[4] as string,
    service: v[5] as string, eventType: v[6] as string, srcIp: v[7] as string | null, srcPort: srcPort === null ? null : Number(srcPort), fields, msg: v[10] as string | null, raw: (v[11] as string | null) ?? '',
  };
}

export async function listEvents(deps: AppDeps, f: EventFilter, limit: number, cursor?: string): Promise<{ items: EventView[]; nextCursor: string | null }> {
  if (f.q) await syncFts(deps);
  const rows = await deps.db.values<unknown[]>(eventListSql(f, limit + 1, cursor ? decodeCursor(cursor) : undefined));
  const page = rows.slice(0, limit).map(eventFromValues);
  const last = page.at(-1);
  return { items: page, nextCursor: rows.length > limit && last ? encodeCursor(Date.parse(last.ts), last.seq) : null };
}

export const HISTOGRAM_MAX_BUCKETS = 2000;

export async function histogram(deps: AppDeps, f: EventFilter, intervalS: number): Promise<{ intervalS: number; buckets: { ts: string; count: number }[] }> {
  const to = parseTime(f.to, 'to') ?? deps.now();
  const from = parseTime(f.from, 'from') ?? to - 24 * 3_600_000;
  if ((to - from) / (intervalS * 1000) > HISTOGRAM_MAX_BUCKETS) {
    throw new AppError('validation_failed', `Too many buckets: widen intervalS or narrow the range (max ${HISTOGRAM_MAX_BUCKETS})`);
  }
  const step = intervalS * 1000;
  if (f.q) await syncFts(deps);
  // Inlined (a validated integer): bound as a parameter it would be REAL and the buckets fractional.
  const stepSql = sql.raw(String(step));
  let rows: { b: number; n: number }[];
  if (intervalS % 3600 === 0 && !f.q && !f.srcIp && !hasScope(f)) {
    const bucket = sql<number>`(${eventRollups.hourMs} / ${stepSql}) * ${stepSql}`;
    rows = await deps.db
      .select({ b: bucket, n: sql<number>`sum(${eventRollups.count})` })
      .from(eventRollups)
      .where(and(gte(eventRollups.hourMs, Math.floor(from / 3_600_000) * 3_600_000), lt(eventRollups.hourMs, to), f.decky ? eq(eventRollups.decky, f.decky) : undefined, f.service ? eq(eventRollups.service, f.service) : undefined, f.eventType ? eq(eventRollups.eventType, f.eventType) : undefined))
      .groupBy(bucket)
      .orderBy(bucket);
  } else {
    const bucket = sql<number>`(${events.tsMs} / ${stepSql}) * ${stepSql}`;
    rows = await deps.db
      .select({ b: bucket, n: sql<number>`count(*)` })
      .from(events)
      .where(eventWhere({ ...f, from: new Date(from).toISOString(), to: new Date(to).toISOString() }))
      .groupBy(bucket)
      .orderBy(bucket);
  }
  const counts = new Map(rows.map((r) => [Number(r.b), Number(r.n)]));
  const buckets: { ts: string; count: number }[] = [];
  for (let b = Math.floor(from / step) * step; b < to; b += step) buckets.push({ ts: new Date(b).toISOString(), count: counts.get(b) ?? 0 });
  return { intervalS, buckets };
}
