// Credential and reuse-finding queries.
import { and, desc, eq, or, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { credentialReuse, credentials, type CredentialReuseRow, type CredentialRow } from '../../db/schema';
import { likeContains } from './event-filters';
import { jsonArray } from './json';
import { credentialSeenIn, type Scope } from '../fleet/scope';

const targetsOf = (s: string) => jsonArray(s).map((t) => ({ decky: t.split('/')[0] ?? '', service: t.split('/').slice(1).join('/') }));

export function toCredentialView(c: CredentialRow) {
  return {
    id: c.id,
    secretSha256: c.secretSha256,
    kind: c.kind,
    principal: c.principal,
    secretPrintable: c.secretPrintable,
    outcome: c.outcome,
    attempts: c.attempts,
    firstSeen: new Date(c.firstSeenMs).toISOString(),
    lastSeen: new Date(c.lastSeenMs).toISOString(),
    targets: targetsOf(c.targetsJson),
    attackerIps: jsonArray(c.attackerIpsJson),
  };
}

export function toReuseView(r: CredentialReuseRow) {
  const targets = targetsOf(r.targetsJson);
  return {
    id: r.id,
    secretSha256: r.secretSha256,
    kind: r.kind,
    principal: r.principal,
    secretPrintable: r.secretPrintable,
    deckies: [...new Set(targets.map((t) => t.decky))],
    services: [...new Set(targets.map((t) => t.service))],
    targets,
    attackerIps: jsonArray(r.attackerIpsJson),
    targetCount: r.targetCount,
    attempts: r.attempts,
    firstSeen: new Date(r.firstSeenMs).toISOString(),
    lastSeen: new Date(r.lastSeenMs).toISOString(),
    detectedAt: new Date(r.detectedAtMs).toISOString(),
  };
}

export async function listCredentials(deps: AppDeps, o: { q?: string; kind?: string; limit: number; offset: number } & Scope) {
  const where = and(
    o.q ? or(likeContains(credentials.principal, o.q), likeContains(credentials.secretPrintable, o.q)) : undefined,
    o.kind ? eq(credentials.kind, o.kind) : undefined,
    credentialSeenIn(o),
  );
  const [rows, total] = await Promise.all([
    deps.db.select().from(credentials).where(where).orderBy(desc(credentials.lastSeenMs)).limit(o.limit).offset(o.offset),
    deps.db.select({ n: sql<number>`count(*)` }).from(credentials).where(where).get(),
  ]);
  return { items: rows.map(toCredentialView), total: Number(total?.n ?? 0) };
}

export async function listReuse(deps: AppDeps, limit: number, offset: number) {
  const rows = await deps.db.select().from(credentialReuse).orderBy(desc(credentialReuse.lastSeenMs)).limit(limit).offset(offset);
  return { items: rows.map(toReuseView) };
}
