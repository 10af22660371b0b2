// ATT&CK: the fleet technique matrix, techniques with evidence per attacker or attacker set, and the
// rules with their run-time state (admins patch enable/confidence cap), bound to the app's client.
import type { AttackerTechniques, AttackMatrix, AttackRuleList, AttackRulePatch, AttackRuleView } from '@decnet/protocol';
import { api } from '../auth/session';
import type { ApiClient } from './client';

export type { AttackerTechniques, AttackMatrix, AttackRuleList, AttackRuleView, AttackTechniqueUse } from '@decnet/protocol';

const enc = encodeURIComponent;

export const attackApi = (c: ApiClient) => ({
  matrix: () => c.request<AttackMatrix>('GET', '/attack/matrix'),
  attackerTechniques: (id: string) => c.request<AttackerTechniques>('GET', `/attackers/${enc(id)}/techniques`),
  /** Techniques of several attackers at once (an identity's member addresses). */
  techniquesOf: (ids: readonly string[]) => c.request<AttackerTechniques>('GET', '/attack/techniques', { query: { ids: ids.join(',') } }),
  rules: () => c.request<AttackRuleList>('GET', '/attack/rules'),
  patchRule: (id: string, body: AttackRulePatch) => c.request<AttackRuleView>('PATCH', `/attack/rules/${enc(id)}`, { body }),
});

export const Attack = attackApi(api);
