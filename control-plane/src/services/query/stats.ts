// The overview's numbers for a time range, read from rollups and aggregate tables (never a scan
// of raw events, so it stays fast with millions stored).
import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { attackers, credentials, deckies, eventRollups } from '../../db/schema';
import { parseTime } from './event-filters';
import { credentialSeenIn, hostIdIn, rollupSeenIn, srcIpSeenIn, type Scope } from '../fleet/scope';

export async function stats(deps: AppDeps, fromIso?: string, toIso?: string, scope: Scope = {}) {
  const toGiven = parseTime(toIso, 'to');
  const to = toGiven ?? deps.now();
  const from = parseTime(fromIso, 'from') ?? to - 24 * 3_600_000;
  const hourFrom = Math.floor(from / 3_600_000) * 3_600_000;
  const rollupRange = and(gte(eventRollups.hourMs, hourFrom), lt(eventRollups.hourMs, to), rollupSeenIn(scope));
  // site= / host= (issue 19): what the scope's hosts recorded in the range (events, attackers,
  // credentials), and the deckies running on them now.
  const attackerScope = srcIpSeenIn(attackers.ip, scope, { fromMs: from, toMs: toGiven });
  const credentialScope = credentialSeenIn(scope, { fromMs: from, toMs: toGiven });
  const [totals, topServices, attackerCount, topAttackers, credCount, topCredentials, active] = await Promise.all([
    deps.db.select({ n: sql<number>`coalesce(sum(${eventRollups.count}), 0)` }).from(eventRollups).where(rollupRange).get(),
    deps.db.select({ service: eventRollups.service, count: sql<number>`sum(${eventRollups.count})` }).from(eventRollups).where(rollupRange).groupBy(eventRollups.service).orderBy(desc(sql`2`)).limit(10),
    // Without an explicit end, nobody was first seen after now: count on the last-seen index alone.
    deps.db.select({ n: sql<number>`count(*)` }).from(attackers).where(and(toGiven === undefined ? gte(attackers.lastSeenMs, from) : and(gte(attackers.lastSeenMs, from), lt(attackers.firstSeenMs, to)), attackerScope)).get(),
    deps.db.select({ ip: attackers.ip, attackerId: attackers.id, count: attackers.eventCount }).from(attackers).where(and(gte(attackers.lastSeenMs, from), attackerScope)).orderBy(desc(attackers.eventCount)).limit(10),
    deps.db.select({ n: sql<number>`count(*)` }).from(credentials).where(and(gte(credentials.lastSeenMs, from), credentialScope)).get(),
    deps.db.select({ principal: credentials.principal, secretPrintable: credentials.secretPrintable, kind: credentials.kind, count: credentials.attempts }).from(credentials).where(and(gte(credentials.lastSeenMs, from), credentialScope)).orderBy(desc(credentials.attempts)).limit(10),
    deps.db.select({ n: sql<number>`count(*)` }).from(deckies).where(and(eq(deckies.reportedState, 'running'), hostIdIn(deckies.hostId, scope))).get(),
  ]);
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    events: Number(totals?.n ?? 0),
    attackers: Number(attackerCount?.n ?? 0),
    credentials: Number(credCount?.n ?? 0),
    activeDeckies: Number(active?.n ?? 0),
    topAttackers,
    topServices: topServices.map((s) => ({ service: s.service, count: Number(s.count) })),
    topCredentials,
  };
}
