// Session queries.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { sessions, type SessionRow } from '../../db/schema';
import { jsonArray } from './json';

export function toSessionView(s: SessionRow) {
  const commands = jsonArray<{ ts: string; cmd: string }>(s.commandsJson);
  const end = s.endedAtMs ?? s.lastSeenMs;
  return {
    id: s.id,
    attackerId: s.attackerId,
    srcIp: s.srcIp,
    decky: s.decky,
    service: s.service,
    startedAt: new Date(s.startedAtMs).toISOString(),
    endedAt: s.endedAtMs == null ? null : new Date(s.endedAtMs).toISOString(),
    durationMs: Math.max(0, end - s.startedAtMs),
    eventCount: s.eventCount,
    commandCount: s.commandCount,
    commands,
  };
}

export async function listSessions(deps: AppDeps, o: { attackerId?: string; decky?: string; service?: string; limit: number; offset: number }) {
  const where = and(
    o.attackerId ? eq(sessions.attackerId, o.attackerId) : undefined,
    o.decky ? eq(sessions.decky, o.decky) : undefined,
    o.service ? eq(sessions.service, o.service) : undefined,
  );
  const [rows, total] = await Promise.all([
    deps.db.select().from(sessions).where(where).orderBy(desc(sessions.startedAtMs)).limit(o.limit).offset(o.offset),
    deps.db.select({ n: sql<number>`count(*)` }).from(sessions).where(where).get(),
  ]);
  return { items: rows.map(toSessionView), total: Number(total?.n ?? 0) };
}
