// What one export covers, read from the database with bounded queries: an attacker, an identity (its
// member addresses) or the fleet; their ATT&CK tags, captured files and identity membership. Works
// with zero tags and zero identities. No IN (...) lists: scopes are subqueries (D1's 100-parameter cap).
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { artifacts, attackers, type ArtifactRow, type AttackerRow } from '../../db/schema';
import { attackTags, type AttackTagRow } from '../../db/schema/attack-tags';
import { identities, identityMembers } from '../../db/schema/identities';
import { AppError } from '../../errors';

export type ExportScope = { kind: 'attacker'; id: string } | { kind: 'identity'; id: string } | { kind: 'fleet' };

/** Fleet exports keep the most recently active; one attacker or identity is never cut below these. */
export const EXPORT_LIMITS = { attackers: 5000, tags: 20_000, artifacts: 5000 } as const;

export interface ExportIdentity {
  id: string;
  firstSeenMs: number;
  lastSeenMs: number;
  memberCount: number;
}

export interface ExportData {
  scope: ExportScope;
  attackers: AttackerRow[];
  tags: AttackTagRow[];
  artifacts: ArtifactRow[];
  /** attacker id -> identity id, for the members that belong to one. */
  identityOf: Map<string, string>;
  identities: ExportIdentity[];
  /** The export's own time (the newest activity it covers), so a re-export of unchanged data is identical. */
  asOfMs: number;
}

function scopeWhere(scope: ExportScope, col: SQL | typeof attackers.id): SQL | undefined {
  if (scope.kind === 'attacker') return sql`${col} = ${scope.id}`;
  if (scope.kind === 'identity') return sql`${col} IN (SELECT attacker_id FROM identity_members WHERE identity_id = ${scope.id})`;
  return undefined;
}

export async function gatherExport(deps: AppDeps, scope: ExportScope): Promise<ExportData> {
  let identityRows: ExportIdentity[] = [];
  if (scope.kind === 'identity') {
    const i = await deps.db.select().from(identities).where(eq(identities.id, scope.id)).get();
    if (!i) throw new AppError('not_found', 'Identity not found');
    identityRows = [{ id: i.id, firstSeenMs: i.firstSeenMs, lastSeenMs: i.lastSeenMs, memberCount: i.memberCount }];
  }
  const attackerRows = await deps.db.select().from(attackers).where(scopeWhere(scope, attackers.id)).orderBy(desc(attackers.lastSeenMs)).limit(EXPORT_LIMITS.attackers);
  if (scope.kind === 'attacker' && attackerRows.length === 0) throw new AppError('not_found', 'Attacker not found');
  // A fleet export cut at the attacker limit keeps only those attackers' tags and files.
  const cut = scope.kind === 'fleet' && attackerRows.length === EXPORT_LIMITS.attackers ? attackerRows[attackerRows.length - 1]!.lastSeenMs : null;
  const inFleetCut = (col: SQL) => (cut === null ? undefined : sql`${col} IN (SELECT id FROM attackers WHERE last_seen_ms >= ${cut})`);
  const [tagRows, artifactRows, members] = await Promise.all([
    deps.db.select().from(attackTags).where(and(scopeWhere(scope, sql`${attackTags.attackerId}`), inFleetCut(sql`${attackTags.attackerId}`))).orderBy(desc(attackTags.lastSeenMs)).limit(EXPORT_LIMITS.tags),
    deps.db.select().from(artifacts).where(and(scopeWhere(scope, sql`${artifacts.attackerId}`), inFleetCut(sql`${artifacts.attackerId}`))).orderBy(desc(artifacts.tsMs)).limit(EXPORT_LIMITS.artifacts),
    deps.db.select().from(identityMembers).where(and(scopeWhere(scope, sql`${identityMembers.attackerId}`), inFleetCut(sql`${identityMembers.attackerId}`))).limit(EXPORT_LIMITS.attackers),
  ]);
  const identityOf = new Map(members.map((m) => [m.attackerId, m.identityId]));
  if (scope.kind !== 'identity' && identityOf.size > 0) {
    const rows = await deps.db
      .select()
      .from(identities)
      .where(sql`${identities.id} IN (SELECT identity_id FROM identity_members WHERE ${scopeWhere(scope, sql`attacker_id`) ?? sql`1`})`)
      .limit(EXPORT_LIMITS.attackers);
    identityRows = rows.map((i) => ({ id: i.id, firstSeenMs: i.firstSeenMs, lastSeenMs: i.lastSeenMs, memberCount: i.memberCount }));
  }
  const known = new Set(attackerRows.map((a) => a.id));
  const asOfMs = Math.max(0, ...attackerRows.map((a) => a.lastSeenMs), ...tagRows.map((t) => t.lastSeenMs));
  return {
    scope,
    attackers: attackerRows,
    tags: tagRows.filter((t) => known.has(t.attackerId)),
    artifacts: artifactRows.filter((a) => a.attackerId !== null && known.has(a.attackerId)),
    identityOf: new Map([...identityOf].filter(([a]) => known.has(a))),
    identities: identityRows,
    asOfMs,
  };
}
