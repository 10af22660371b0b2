// The ATT&CK part of the ingest fold: the batch's tags (one multi-row upsert), the credential spread,
// then the behaviour detectors over the just-folded aggregates of the attackers the batch touched.
// foldPlan (intel/fold.ts) appends these after its own upserts, in the same transaction.
import { q } from '../../db/raw-sql';
import { ATTACK_TAG_KEY } from '../../db/schema/attack-tags';
import { attackerIdFor, type BatchAggregate } from '../intel/aggregate';
import type { Upsert } from '../intel/upsert';
import { behaviourStatements } from './behaviour-sql';
import type { AttackTagDelta, SpreadDelta } from './collect';
import { SPREAD_CAP } from './collect';
import type { CompiledRules } from './engine';

const tagUpsert: Upsert<AttackTagDelta> = {
  columns: 16,
  values: (t) => [t.id, t.attackerId, t.sessionId, t.eventId, t.decky, t.service, t.ruleId, t.ruleVersion, t.source, t.tactic, t.techniqueId, t.confidence, t.evidenceJson, t.firstMs, t.lastMs, t.count],
  statement: (values) => q`INSERT INTO attack_tags (id, attacker_id, session_id, event_id, decky, service, rule_id, rule_version, source, tactic, technique_id, confidence, evidence_json, first_seen_ms, last_seen_ms, count)
      VALUES ${values}
      ON CONFLICT(${q.raw(ATTACK_TAG_KEY)}) DO UPDATE SET first_seen_ms = min(attack_tags.first_seen_ms, excluded.first_seen_ms),
        last_seen_ms = max(attack_tags.last_seen_ms, excluded.last_seen_ms), count = attack_tags.count + excluded.count,
        confidence = max(attack_tags.confidence, excluded.confidence), rule_version = max(attack_tags.rule_version, excluded.rule_version)`,
};

const spreadUpsert: Upsert<SpreadDelta> = {
  columns: 4,
  values: (s) => [s.attackerId, s.axis, s.key, JSON.stringify([...s.values])],
  // A full set stays as it is (no JSON work on the brute-force hot path once the cap is reached).
  statement: (values) => q`INSERT INTO attack_cred_spread (attacker_id, axis, key, values_json) VALUES ${values}
      ON CONFLICT(attacker_id, axis, key) DO UPDATE SET values_json = CASE WHEN json_array_length(attack_cred_spread.values_json) >= ${q.raw(String(SPREAD_CAP))} THEN attack_cred_spread.values_json
        ELSE (SELECT json_group_array(value) FROM (SELECT value FROM json_each(attack_cred_spread.values_json) UNION SELECT value FROM json_each(excluded.values_json) LIMIT ${q.raw(String(SPREAD_CAP))})) END`,
};

type AttackerRow = [attackerId: string, zero: 0];
type StuffingRow = [credentialId: string, attackerIdsJson: string];

/** Upserts built per compiled rule set (rule state changes rebuild them; prepared forms are cached per object). */
const behaviourCache = new WeakMap<CompiledRules, { attackers: Upsert<AttackerRow> | null; stuffing: Upsert<StuffingRow> | null }>();
function behaviourUpserts(rules: CompiledRules) {
  let hit = behaviourCache.get(rules);
  if (!hit) {
    const s = behaviourStatements(rules);
    hit = {
      attackers: s.attackers ? { columns: 2, values: (r) => r, statement: s.attackers } : null,
      stuffing: s.stuffing ? { columns: 2, values: (r) => r, statement: s.stuffing } : null,
    };
    behaviourCache.set(rules, hit);
  }
  return hit;
}

export function attackPlan(agg: BatchAggregate): [Upsert<never>, unknown[]][] {
  const b = agg.attack;
  const plan: [Upsert<never>, unknown[]][] = [];
  if (b.tags.size > 0) plan.push([tagUpsert as Upsert<never>, [...b.tags.values()]]);
  if (b.spread.size > 0) plan.push([spreadUpsert as Upsert<never>, [...b.spread.values()]]);
  const beh = behaviourUpserts(b.rules);
  if (beh.attackers) {
    const rows: AttackerRow[] = [];
    for (const a of agg.attackers.values()) rows.push([a.id, 0]);
    if (rows.length > 0) plan.push([beh.attackers as Upsert<never>, rows]);
  }
  if (beh.stuffing) {
    const rows: StuffingRow[] = [];
    for (const c of agg.credentials.values()) if (c.ips.size > 0) rows.push([c.id, JSON.stringify([...c.ips].map(attackerIdFor))]);
    if (rows.length > 0) plan.push([beh.stuffing as Upsert<never>, rows]);
  }
  return plan;
}
