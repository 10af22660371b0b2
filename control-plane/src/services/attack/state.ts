// Run-time rule state (admin: enable/disable, confidence cap) honoured by ingest on every stateless
// instance: each process keeps the rules compiled for the last state it read and re-reads the small
// attack_rule_state table at most every STATE_TTL_MS (a patch on this instance applies at once).
import type { AppDeps } from '../../deps';
import { attackRuleState } from '../../db/schema';
import { compileRules, type CompiledRules, type RuleState } from './engine';
import { ATTACK_RULES } from './rules';

export const STATE_TTL_MS = 5_000;

let active: CompiledRules = compileRules(ATTACK_RULES, new Map());
let activeKey = '';
let fetchedAtMs = Number.NEGATIVE_INFINITY;
let warned = false;

/** The rules as compiled for the latest state read by this process (synchronous, for the ingest fold). */
export function activeRules(): CompiledRules {
  return active;
}

export async function loadRuleStates(deps: AppDeps): Promise<Map<string, RuleState & { updatedAtMs: number; updatedBy: string | null }>> {
  const rows = await deps.db.select().from(attackRuleState);
  return new Map(rows.map((r) => [r.ruleId, { enabled: r.enabled, confidenceMax: r.confidenceMax, updatedAtMs: r.updatedAtMs, updatedBy: r.updatedBy }]));
}

/** Re-reads the rule state when the cached copy is older than the TTL (or `force`); never throws. */
export async function refreshAttackRules(deps: AppDeps, force = false): Promise<void> {
  // Wall clock on purpose: the TTL is about this process's cache, not the app's (injectable) clock.
  const now = Date.now();
  if (!force && now - fetchedAtMs < STATE_TTL_MS) return;
  fetchedAtMs = now;
  try {
    const states = await loadRuleStates(deps);
    const key = JSON.stringify([...states].map(([id, s]) => [id, s.enabled, s.confidenceMax]).sort());
    if (key !== activeKey) {
      active = compileRules(ATTACK_RULES, states);
      activeKey = key;
    }
  } catch (err) {
    if (!warned) deps.logger.warn('attack rule state unavailable; ingest keeps the last rules it read', { error: String(err) });
    warned = true;
  }
}
