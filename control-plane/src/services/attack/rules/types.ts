// A rule as kept in the repository: the declarative rule plus the positive and negative examples the
// table-driven test (rules.test.ts) runs through the engine.
import type { AttackRuleInput } from '@decnet/protocol';

export interface CredentialExample { principal: string; secret: string; outcome: string | null }
export interface FingerprintExample { kind: string; value: string }
/** Aggregates a behaviour detector reads (see behaviour-sql.ts for the stored columns). */
export interface BehaviourExample {
  authCount?: number;
  iatCount?: number;
  iatMeanS?: number;
  iatSdS?: number;
  /** Most distinct secrets tried against one principal. */
  secretsPerPrincipal?: number;
  /** Most distinct principals tried with one secret. */
  principalsPerSecret?: number;
  /** Distinct deckies/services one of its credentials was tried on. */
  credentialTargets?: number;
}
export type RuleExample = string | CredentialExample | FingerprintExample | BehaviourExample;

export interface RepoRule extends AttackRuleInput {
  examples: { match: RuleExample[]; noMatch: RuleExample[] };
}

/** Start of a shell command: line start or after ; & | ` ( $( , optionally behind sudo/busybox. */
export const CMD = String.raw`(?:^|[;&|\x60(\n]|\$\()\s*(?:sudo\s+(?:-\S+\s+)*)?(?:busybox\s+)?`;
