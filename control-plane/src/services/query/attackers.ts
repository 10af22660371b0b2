// Attacker list and detail, with the profile (behaviour, tools, phases, timing) derived on read.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { artifacts, attackerEnrichment, attackerFingerprints, attackers, credentials, events, sessions, type AttackerEnrichmentRow, type AttackerRow } from '../../db/schema';
import { AppError } from '../../errors';
import { rotationFindings } from '../intel/fingerprints';
import { behaviourOf, timingOf, toolGuessesOf } from '../intel/profile';
import { likeContains } from './event-filters';
import { jsonArray } from './json';
import { toEventView } from './events';
import { toSessionView } from './sessions';
import { toCredentialView } from './credentials';
import { usedTechnique } from '../attack/query';
import { srcIpSeenIn, type Scope } from '../fleet/scope';


export function toEnrichmentView(e: AttackerEnrichmentRow | null | undefined) {
  return e ? { scope: e.scope, country: e.country, asn: e.asn, asOrg: e.asOrg, ptr: e.ptr, ptrStatus: e.ptrStatus, dataset: e.dataset } : null;
}

export function toAttackerView(a: AttackerRow, sessionCount?: number, enrichment?: AttackerEnrichmentRow | null, fingerprints: Array<{ kind: string; value: string }> = []) {
  const services = jsonArray(a.servicesJson);
  const deckyList = jsonArray(a.deckiesJson);
  const timing = timingOf(a);
  const { behaviorClass, signals, beacon } = behaviourOf({ ...a, services });
  const toolGuesses = toolGuessesOf(jsonArray(a.clientHintsJson), timing, a.eventCount, fingerprints);
  const phases = jsonArray(a.phasesJson);
  return {
    id: a.id,
    ip: a.ip,
    firstSeen: new Date(a.firstSeenMs).toISOString(),
    lastSeen: new Date(a.lastSeenMs).toISOString(),
    eventCount: a.eventCount,
    services,
    deckies: deckyList,
    isTraversal: deckyList.length >= 2,
    credentialCount: a.credentialCount,
    commandCount: a.commandCount,
    artifactCount: a.artifactCount,
    ...(sessionCount !== undefined ? { sessionCount } : {}),
    behaviorClass,
    toolGuesses,
    phases,
    profile: { behaviorClass, signals, beacon, toolGuesses, phases, clientHints: jsonArray(a.clientHintsJson), timing },
    ...(enrichment !== undefined ? { enrichment: toEnrichmentView(enrichment) } : {}),
  };
}

const SORTS = { lastSeen: attackers.lastSeenMs, firstSeen: attackers.firstSeenMs, events: attackers.eventCount, ip: attackers.ip } as const;
export type AttackerSort = keyof typeof SORTS;

export async function listAttackers(deps: AppDeps, o: { q?: string; sort: AttackerSort; order: 'asc' | 'desc'; limit: number; offset: number; service?: string; decky?: string; technique?: string; country?: string; asn?: number } & Scope) {
  const where = and(
    o.q ? likeContains(attackers.ip, o.q) : undefined,
    o.service ? sql`EXISTS (SELECT 1 FROM json_each(${attackers.servicesJson}) WHERE value = ${o.service})` : undefined,
    o.decky ? sql`EXISTS (SELECT 1 FROM json_each(${attackers.deckiesJson}) WHERE value = ${o.decky})` : undefined,
    o.technique ? usedTechnique(attackers.id, o.technique) : undefined,
    srcIpSeenIn(attackers.ip, o), // site= / host=: seen by those hosts (not by the deckies placed there now)
    // Enrichment filters (indexed columns of attacker_enrichment, one row per attacker).
    o.country ? sql`${attackers.id} IN (SELECT attacker_id FROM attacker_enrichment WHERE country = ${o.country.toUpperCase()})` : undefined,
    o.asn !== undefined ? sql`${attackers.id} IN (SELECT attacker_id FROM attacker_enrichment WHERE asn = ${o.asn})` : undefined,
  );
  const col = SORTS[o.sort];
  // Qualified by hand: inside a subquery drizzle would render bare column names.
  const sessionCount = sql<number>`(SELECT count(*) FROM "sessions" s WHERE s."attacker_id" = "attackers"."id")`;
  const [rows, total] = await Promise.all([
    deps.db.select({ a: attackers, sessionCount, e: attackerEnrichment }).from(attackers).leftJoin(attackerEnrichment, eq(attackerEnrichment.attackerId, attackers.id)).where(where).orderBy(o.order === 'asc' ? asc(col) : desc(col), asc(attackers.id)).limit(o.limit).offset(o.offset),
    deps.db.select({ n: sql<number>`count(*)` }).from(attackers).where(where).get(),
  ]);
  return { items: rows.map((r) => toAttackerView(r.a, Number(r.sessionCount), r.e)), total: Number(total?.n ?? 0) };
}

export async function attackerDetail(deps: AppDeps, id: string) {
  const a = await deps.db.select().from(attackers).where(eq(attackers.id, id)).get();
  if (!a) throw new AppError('not_found', 'Attacker not found');
  const seq = sql<number>`${events}.rowid`;
  const [sess, creds, arts, cmds, recent, fps, enr] = await Promise.all([
    deps.db.select().from(sessions).where(eq(sessions.attackerId, id)).orderBy(desc(sessions.startedAtMs)).limit(200),
    deps.db.select().from(credentials).where(sql`EXISTS (SELECT 1 FROM json_each(${credentials.attackerIpsJson}) WHERE value = ${a.ip})`).orderBy(desc(credentials.lastSeenMs)).limit(500),
    deps.db.select().from(artifacts).where(eq(artifacts.attackerId, id)).orderBy(desc(artifacts.tsMs)).limit(500),
    deps.db.select({ row: events, seq }).from(events).where(and(eq(events.srcIp, a.ip), eq(events.eventType, 'command'))).orderBy(asc(events.tsMs)).limit(1000),
    deps.db.select({ row: events, seq }).from(events).where(eq(events.srcIp, a.ip)).orderBy(desc(events.tsMs)).limit(200),
    deps.db.select().from(attackerFingerprints).where(eq(attackerFingerprints.attackerId, id)).orderBy(desc(attackerFingerprints.lastSeenMs)).limit(500),
    deps.db.select().from(attackerEnrichment).where(eq(attackerEnrichment.attackerId, id)).get(),
  ]);
  return {
    attacker: toAttackerView(a, sess.length, enr ?? null, fps),
    fingerprints: fps.map((f) => ({ kind: f.kind, value: f.value, firstSeen: new Date(f.firstSeenMs).toISOString(), lastSeen: new Date(f.lastSeenMs).toISOString(), count: f.count })),
    findings: rotationFindings(fps),
    sessions: sess.map(toSessionView),
    credentials: creds.map(toCredentialView),
    artifacts: arts.map((x) => ({ id: x.id, sha256: x.sha256, size: x.size, name: x.name, decky: x.decky, service: x.service, storedAs: x.storedAs, ts: new Date(x.tsMs).toISOString() })),
    commands: cmds.map(({ row, seq: s }) => {
      const v = toEventView(row, s);
      return { ts: v.ts, decky: v.decky, service: v.service, cmd: v.fields.cmd ?? v.fields.command ?? v.msg ?? '' };
    }),
    events: recent.map((r) => toEventView(r.row, r.seq)),
  };
}
