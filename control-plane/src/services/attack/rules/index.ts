// Every rule kept in the repository, parsed once through the protocol schema (a malformed rule fails
// at start-up and in rules.test.ts). Adding a rule: one entry in its group's file.
import { AttackRuleSchema, type AttackRule } from '@decnet/protocol';
import { browserRules } from './browser';
import { credentialRules } from './credentials';
import { emailRules } from './email';
import { impactRules } from './impact';
import { networkRules } from './network';
import { shellDiscoveryRules } from './shell-discovery';
import { shellExecRules } from './shell-exec';
import { shellPersistenceRules } from './shell-persistence';
import type { RepoRule } from './types';
import { webRules } from './web';

export const REPO_RULES: readonly RepoRule[] = [...credentialRules, ...webRules, ...shellExecRules, ...shellDiscoveryRules, ...shellPersistenceRules, ...impactRules, ...networkRules, ...emailRules, ...browserRules];

export const ATTACK_RULES: readonly AttackRule[] = REPO_RULES.map((r) => {
  const { examples: _examples, ...rule } = r;
  return AttackRuleSchema.parse(rule);
});
