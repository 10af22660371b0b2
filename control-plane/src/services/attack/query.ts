// Reads of ATT&CK tags: techniques (with evidence) for a set of attacker ids (one attacker, or an
// identity's members), the fleet matrix (attackers per technique), and attacker ids by technique.
import { allAttackTechniques, ATTACK_RELEASE, ATTACK_TACTICS, attackTechnique, type AttackerTechniques, type AttackMatrix, type AttackTagView, type AttackTechniqueUse } from '@decnet/protocol';
import { desc, sql, type AnyColumn } from 'drizzle-orm';
import { inJsonList } from '../../db/in-json';
import type { AppDeps } from '../../deps';
import { attackTags, type AttackTagRow } from '../../db/schema';
import { loadRuleStates } from './state';

const TAGS_MAX = 5_000;
const TAGS_PER_TECHNIQUE = 25;
const iso = (ms: number) => new Date(ms).toISOString();

function evidenceOf(json: string): Record<string, string | number> {
  try {
    const v: unknown = JSON.parse(json);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number'));
  } catch {
    return {};
  }
}

function tagView(t: AttackTagRow, cap: number): AttackTagView {
  return {
    ruleId: t.ruleId, ruleVersion: t.ruleVersion, source: t.source, sessionId: t.sessionId || null, eventId: t.eventId, decky: t.decky, service: t.service,
    confidence: Math.min(t.confidence, cap), count: t.count, firstSeen: iso(t.firstSeenMs), lastSeen: iso(t.lastSeenMs), evidence: evidenceOf(t.evidenceJson),
  };
}

/** Techniques used by any of `attackerIds`, most recent first, each with its tags (evidence). */
export async function techniquesForAttackers(deps: AppDeps, attackerIds: string[]): Promise<AttackerTechniques> {
  const ids = [...new Set(attackerIds)].slice(0, 500);
  const rows = ids.length === 0 ? [] : await deps.db.select().from(attackTags).where(inJsonList(attackTags.attackerId, ids)).orderBy(desc(attackTags.lastSeenMs)).limit(TAGS_MAX);
  // A cap set after the tag was written still applies on read.
  const states = await loadRuleStates(deps);
  const byTech = new Map<string, AttackTechniqueUse>();
  for (const r of rows) {
    const cap = states.get(r.ruleId)?.confidenceMax ?? 1;
    let u = byTech.get(r.techniqueId);
    if (!u) {
      const t = attackTechnique(r.techniqueId);
      u = { techniqueId: r.techniqueId, name: t?.fullName ?? r.techniqueId, tactics: t?.tactics ?? [r.tactic], url: t?.url ?? '', confidence: 0, count: 0, firstSeen: iso(r.firstSeenMs), lastSeen: iso(r.lastSeenMs), tags: [] };
      byTech.set(r.techniqueId, u);
    }
    const v = tagView(r, cap);
    u.confidence = Math.max(u.confidence, v.confidence);
    u.count += r.count;
    if (v.firstSeen < u.firstSeen) u.firstSeen = v.firstSeen;
    if (v.lastSeen > u.lastSeen) u.lastSeen = v.lastSeen;
    if (u.tags.length < TAGS_PER_TECHNIQUE) u.tags.push(v);
  }
  return { release: ATTACK_RELEASE, attackerIds: ids, techniques: [...byTech.values()] };
}

export async function attackMatrix(deps: AppDeps): Promise<AttackMatrix> {
  const rows = await deps.db
    .select({ techniqueId: attackTags.techniqueId, attackers: sql<number>`count(DISTINCT ${attackTags.attackerId})`, tags: sql<number>`count(*)` })
    .from(attackTags)
    .groupBy(attackTags.techniqueId);
  // Every technique the rules can emit is listed (0 attackers until seen), so the matrix is whole.
  const out = new Map<string, AttackMatrix['techniques'][number]>(allAttackTechniques().map((t) => [t.id, { techniqueId: t.id, name: t.fullName, tactics: t.tactics, attackers: 0, tags: 0 }]));
  for (const r of rows) {
    const t = attackTechnique(r.techniqueId);
    out.set(r.techniqueId, { techniqueId: r.techniqueId, name: t?.fullName ?? r.techniqueId, tactics: t?.tactics ?? [], attackers: Number(r.attackers), tags: Number(r.tags) });
  }
  return { release: ATTACK_RELEASE, tactics: ATTACK_TACTICS.map(([short, id, name]) => ({ id, short, name })), techniques: [...out.values()] };
}

/**
 * SQL condition "attacker `idColumn` used technique `id`" for list filters; a parent technique
 * (T1110) also matches its sub-techniques (T1110.001), through the technique index.
 */
export function usedTechnique(idColumn: AnyColumn, id: string) {
  return sql`${idColumn} IN (SELECT attacker_id FROM attack_tags WHERE technique_id = ${id} OR (technique_id > ${`${id}.`} AND technique_id < ${`${id}/`}))`;
}
