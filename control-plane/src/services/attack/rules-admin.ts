// Rule list with run-time state, and the admin patch (enable/disable, confidence cap) persisted in
// attack_rule_state; the patching instance applies it at once, others within STATE_TTL_MS.
import { ATTACK_RELEASE, attackTechnique, emitTechniqueId, type AttackRuleList, type AttackRulePatch, type AttackRuleView } from '@decnet/protocol';
import type { AppDeps } from '../../deps';
import { attackRuleState } from '../../db/schema';
import { AppError } from '../../errors';
import { ATTACK_RULES } from './rules';
import { loadRuleStates, refreshAttackRules } from './state';

export async function listAttackRules(deps: AppDeps): Promise<AttackRuleList> {
  const states = await loadRuleStates(deps);
  const items = ATTACK_RULES.map((r): AttackRuleView => {
    const s = states.get(r.id);
    return {
      ...r,
      enabled: s?.enabled ?? true,
      confidenceMax: s?.confidenceMax ?? null,
      updatedAt: s ? new Date(s.updatedAtMs).toISOString() : null,
      updatedBy: s?.updatedBy ?? null,
      techniques: r.emits.map((e) => {
        const id = emitTechniqueId(e);
        return { id, name: attackTechnique(id)?.fullName ?? id };
      }),
    };
  });
  return { release: ATTACK_RELEASE, items };
}

export async function patchAttackRule(deps: AppDeps, ruleId: string, patch: AttackRulePatch, by: string | null): Promise<AttackRuleView> {
  if (!ATTACK_RULES.some((r) => r.id === ruleId)) throw new AppError('not_found', `No ATT&CK rule ${ruleId}`);
  const current = (await loadRuleStates(deps)).get(ruleId);
  const row = {
    ruleId,
    enabled: patch.enabled ?? current?.enabled ?? true,
    confidenceMax: patch.confidenceMax !== undefined ? patch.confidenceMax : (current?.confidenceMax ?? null),
    updatedAtMs: deps.now(),
    updatedBy: by,
  };
  await deps.db.insert(attackRuleState).values(row).onConflictDoUpdate({ target: attackRuleState.ruleId, set: { enabled: row.enabled, confidenceMax: row.confidenceMax, updatedAtMs: row.updatedAtMs, updatedBy: row.updatedBy } });
  await refreshAttackRules(deps, true);
  return (await listAttackRules(deps)).items.find((r) => r.id === ruleId)!;
}
