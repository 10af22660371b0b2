// The behaviour half of the rule engine: detectors over the folded aggregates (attackers' auth counts
// and timing, the credential spread, reused credentials), run in SQL in the same batch right after
// the fold, for the attackers the batch touched. Disabled rules emit nothing; caps are baked in.
import { q, type RawSql, type SqlArg } from '../../db/raw-sql';
import { ATTACK_TAG_KEY } from '../../db/schema/attack-tags';
import { BEHAVIOUR_DETECTORS, paramNumber } from './detectors';
import type { CompiledRule, CompiledRules } from './engine';

const TAG_COLUMNS = 'id, attacker_id, session_id, event_id, decky, service, rule_id, rule_version, source, tactic, technique_id, confidence, evidence_json, first_seen_ms, last_seen_ms, count';
const ON_CONFLICT = `ON CONFLICT(${ATTACK_TAG_KEY}) DO UPDATE SET last_seen_ms = max(attack_tags.last_seen_ms, excluded.last_seen_ms),
  confidence = excluded.confidence, evidence_json = excluded.evidence_json, rule_version = excluded.rule_version`;

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const n = (v: number) => String(Number(v));

/** The constant columns of a behaviour tag for one emit; `aid` is the SQL of the attacker id. */
function head(r: CompiledRule, e: CompiledRule['emits'][number], aid: string): string {
  return `${aid} || ${lit(`||${r.rule.id}|${e.techniqueId}`)}, ${aid}, '', NULL, NULL, NULL, ${lit(r.rule.id)}, ${r.rule.version}, 'behaviour', ${lit(e.tactic)}, ${lit(e.techniqueId)}, ${n(e.confidence)}`;
}

/** One SELECT per emit of an attacker-scoped detector, reading `b(aid)` (the batch's attackers). */
function attackerSelects(r: CompiledRule): string[] {
  const m = r.rule.match;
  if (m.kind !== 'detector') return [];
  const p = m.params;
  const out: string[] = [];
  for (const e of r.emits) {
    const h = head(r, e, 'a.id');
    if (m.name === 'brute_force') {
      out.push(`SELECT ${h}, json_object('auth_count', a.auth_count), a.first_seen_ms, a.last_seen_ms, 1 FROM b JOIN attackers a ON a.id = b.aid WHERE a.auth_count >= ${n(paramNumber(p, 'min_attempts', 10))}`);
    } else if (m.name === 'beaconing') {
      const mean = '(a.iat_sum_s / a.iat_count)';
      const jitter = n(paramNumber(p, 'max_jitter', 0.15));
      out.push(`SELECT ${h}, json_object('interval_s', round(${mean}, 1), 'intervals', a.iat_count), a.first_seen_ms, a.last_seen_ms, 1 FROM b JOIN attackers a ON a.id = b.aid
        WHERE a.iat_count >= ${n(paramNumber(p, 'min_intervals', 8))} AND ${mean} >= ${n(paramNumber(p, 'min_interval_s', 10))}
          AND (a.iat_sum_sq_s / a.iat_count - ${mean} * ${mean}) <= ${jitter} * ${jitter} * ${mean} * ${mean}`);
    } else if (m.name === 'password_guessing') {
      // Principals of the attacker with at least `min_secrets` distinct secrets tried (the busiest as evidence).
      out.push(`SELECT ${h}, json_object('principal', s.key, 'secret_count', max(json_array_length(s.values_json))), a.first_seen_ms, a.last_seen_ms, 1
        FROM b JOIN attack_cred_spread s ON s.attacker_id = b.aid AND s.axis = 'p' JOIN attackers a ON a.id = b.aid
        WHERE json_array_length(s.values_json) >= ${n(paramNumber(p, 'min_secrets', 5))} GROUP BY a.id`);
    } else if (m.name === 'password_spraying') {
      // One secret found under at least `min_principals` of the attacker's principals. A sprayer tries
      // few secrets per principal, so the per-principal cap (SPREAD_CAP) does not hide it.
      out.push(`SELECT ${h}, json_object('secret', g.secret, 'principal_count', g.principals), a.first_seen_ms, a.last_seen_ms, 1
        FROM (SELECT b.aid AS aid, j.value AS secret, count(*) AS principals FROM b JOIN attack_cred_spread s ON s.attacker_id = b.aid AND s.axis = 'p', json_each(s.values_json) j
              GROUP BY b.aid, j.value HAVING count(*) >= ${n(paramNumber(p, 'min_principals', 5))}) g
        JOIN attackers a ON a.id = g.aid GROUP BY a.id`);
    }
  }
  return out;
}

export interface BehaviourStatements {
  /** Over the batch's attacker ids (rows: [attackerId, 0]); null when no such rule is enabled. */
  attackers: ((values: RawSql) => RawSql) | null;
  /** Over the batch's credentials (rows: [credentialId, JSON list of attacker ids]); null when stuffing is disabled. */
  stuffing: ((values: RawSql) => RawSql) | null;
}

export function behaviourStatements(c: CompiledRules): BehaviourStatements {
  const rules = c.behaviour.filter((r) => r.rule.match.kind === 'detector' && BEHAVIOUR_DETECTORS.has(r.rule.match.name));
  const selects = rules.flatMap(attackerSelects);
  const stuffing = rules.find((r) => r.rule.match.kind === 'detector' && r.rule.match.name === 'credential_stuffing');
  let stuffingSql: BehaviourStatements['stuffing'] = null;
  if (stuffing && stuffing.rule.match.kind === 'detector') {
    const min = n(paramNumber(stuffing.rule.match.params, 'min_targets', 2));
    // Each credential of the batch is read once, with the attackers that tried it (a JSON list), and
    // each attacker gets one tag: its credential tried on the most targets (a bare column beside
    // max() comes from the row holding the max), not one upsert per credential it tried.
    const parts = stuffing.emits.map((e) => `SELECT ${head(stuffing, e, 'j.value')}, json_object('principal', c.principal, 'target_count', max(json_array_length(c.targets_json))), c.first_seen_ms, c.last_seen_ms, 1
      FROM b JOIN credentials c ON c.id = b.cid, json_each(b.aids) j WHERE json_array_length(c.targets_json) >= ${min} GROUP BY j.value`);
    const text = parts.join(' UNION ALL ');
    stuffingSql = (values) => q`WITH b(cid, aids) AS (VALUES ${values}) INSERT INTO attack_tags (${q.raw(TAG_COLUMNS)}) SELECT * FROM (${q.raw(text)}) WHERE true ${q.raw(ON_CONFLICT)}`;
  }
  const text = selects.join(' UNION ALL ');
  return {
    attackers: selects.length === 0 ? null : (values) => q`WITH b(aid, z) AS (VALUES ${values}) INSERT INTO attack_tags (${q.raw(TAG_COLUMNS)}) SELECT * FROM (${q.raw(text)}) WHERE true ${q.raw(ON_CONFLICT)}`,
    stuffing: stuffingSql,
  };
}

export type { SqlArg };
