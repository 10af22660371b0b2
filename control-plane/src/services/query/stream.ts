// The live event stream: single-use 60 s tickets for EventSource, and a cursor (the event's rowid)
// so any stateless instance can resume a client exactly where it left off.
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { events, streamTickets, users, type UserRow } from '../../db/schema';
import { randomToken, sha256Hex } from '../../crypto/encoding';
import { AppError } from '../../errors';
import type { EventFilter } from './event-filters';
import { eventsAfterSql } from './event-list-sql';
import { eventFromValues, type EventView } from './events';

export const TICKET_TTL_MS = 60_000;

export async function createStreamTicket(deps: AppDeps, userId: string): Promise<{ ticket: string; expiresAt: string }> {
  const ticket = `st_${randomToken(24)}`;
  const expiresAtMs = deps.now() + TICKET_TTL_MS;
  await deps.db.insert(streamTickets).values({ ticketHash: await sha256Hex(ticket), userId, expiresAtMs });
  return { ticket, expiresAt: new Date(expiresAtMs).toISOString() };
}

export async function redeemStreamTicket(deps: AppDeps, ticket: string): Promise<UserRow> {
  const now = deps.now();
  const [t] = await deps.db
    .update(streamTickets)
    .set({ usedAtMs: now })
    .where(and(eq(streamTickets.ticketHash, await sha256Hex(ticket)), isNull(streamTickets.usedAtMs), gt(streamTickets.expiresAtMs, now)))
    .returning();
  if (!t) throw new AppError('unauthorized', 'Stream ticket is invalid, expired or already used');
  const user = await deps.db.select().from(users).where(eq(users.id, t.userId)).get();
  if (!user || user.mustChangePassword) throw new AppError('unauthorized', 'Stream ticket is no longer valid');
  // Housekeeping: old tickets go (cheap, indexed by primary key scan of a tiny table).
  await deps.db.delete(streamTickets).where(sql`${streamTickets.expiresAtMs} < ${now - TICKET_TTL_MS}`);
  return user;
}

/** Node: the events head read in this turn of the event loop, per native connection. */
const headThisTurn = new WeakMap<object, number>();

export async function latestSeq(deps: AppDeps): Promise<number> {
  // Asked on every polled list read. On Node one cached native statement, read once per turn of the
  // event loop: even that read (a WAL read transaction) cost a sixth of a cached list answer under
  // 100 connections, and requests handled in one turn arrived at the same moment.
  if (deps.syncSql) {
    const known = headThisTurn.get(deps.syncSql);
    if (known !== undefined) return known;
    const head = Number((deps.syncSql.stmt('SELECT coalesce(max(rowid), 0) FROM events').raw().get() as [number])[0]);
    headThisTurn.set(deps.syncSql, head);
    setTimeout(() => headThisTurn.delete(deps.syncSql!), 0);
    return head;
  }
  const r = await deps.db.select({ s: sql<number>`coalesce(max(${events}.rowid), 0)` }).from(events).get();
  return Number(r?.s ?? 0);
}

export async function eventsAfter(deps: AppDeps, seq: number, f: EventFilter, limit = 200): Promise<EventView[]> {
  return (await deps.db.values<unknown[]>(eventsAfterSql(seq, f, limit))).map(eventFromValues);
}
