// ATT&CK tags a canary's browser fingerprint earns for the attacker (rules R0049, R0053 over the
// `browser` source, browser-text.ts), as upserts for the trigger's own batch.
import { q, type RawSql } from '../../db/raw-sql';
import { ATTACK_TAG_KEY } from '../../db/schema/attack-tags';
import { browserText } from './browser-text';
import { matchText, type CompiledRules } from './engine';
import { EVIDENCE_MAX_CHARS } from './collect';
import { activeRules } from './state';

export interface BrowserTagInput {
  attackerId: string;
  triggerId: string;
  decky: string | null;
  service: string | null;
  fingerprint: Record<string, unknown>;
  userAgent: string | null;
  tsMs: number;
}

/** Upserts of the tags the browser rules give this fingerprint (attacker-level; only for a known attacker). */
export function browserTagStatements(x: BrowserTagInput, rules: CompiledRules = activeRules()): RawSql[] {
  if (rules.text.browser.length === 0 || 'raw' in x.fingerprint) return [];
  const text = browserText(x.fingerprint, x.userAgent);
  const out: RawSql[] = [];
  for (const r of matchText(rules, 'browser', text)) {
    const evidence = JSON.stringify({ browser: text.slice(0, EVIDENCE_MAX_CHARS), canary_trigger: x.triggerId });
    for (const em of r.emits) {
      const id = `${x.attackerId}||${r.rule.id}|${em.techniqueId}`;
      out.push(q`INSERT INTO attack_tags (id, attacker_id, session_id, event_id, decky, service, rule_id, rule_version, source, tactic, technique_id, confidence, evidence_json, first_seen_ms, last_seen_ms, count)
        SELECT ${id}, ${x.attackerId}, '', NULL, ${x.decky}, ${x.service}, ${r.rule.id}, ${r.rule.version}, 'browser', ${em.tactic}, ${em.techniqueId}, ${em.confidence}, ${evidence}, ${x.tsMs}, ${x.tsMs}, 1
        WHERE EXISTS (SELECT 1 FROM attackers WHERE id = ${x.attackerId})
        ON CONFLICT(${q.raw(ATTACK_TAG_KEY)}) DO UPDATE SET last_seen_ms = max(attack_tags.last_seen_ms, excluded.last_seen_ms), count = attack_tags.count + 1,
          confidence = max(attack_tags.confidence, excluded.confidence), rule_version = max(attack_tags.rule_version, excluded.rule_version)`);
    }
  }
  return out;
}
