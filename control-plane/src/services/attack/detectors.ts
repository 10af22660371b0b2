// Named built-in detectors with parameters. Per-event kinds (credential, fingerprint) run in JS here;
// behaviour kinds run in SQL over the folded aggregates (behaviour-sql.ts) and have their reference
// semantics in `behaviourMatches`, which the rule examples test against the SQL.
import type { AttackDetector } from '@decnet/protocol';
import type { BehaviourExample } from './rules/types';

export interface CredentialInput { principal: string; secret: string; outcome: string | null }
type Params = Record<string, number | string | string[]>;

const num = (p: Params, k: string, d: number) => (typeof p[k] === 'number' ? (p[k] as number) : d);
const list = (p: Params, k: string) => (Array.isArray(p[k]) ? (p[k] as string[]) : []);

export function credentialDetector(name: AttackDetector, params: Params): ((c: CredentialInput) => boolean) | null {
  if (name === 'login_success') return (c) => c.outcome === 'success';
  if (name === 'default_credential') {
    const pairs = new Set(list(params, 'pairs'));
    return (c) => c.outcome === 'success' && pairs.has(`${c.principal}:${c.secret}`);
  }
  return null;
}

export function fingerprintDetector(name: AttackDetector, params: Params): ((kind: string, value: string) => boolean) | null {
  if (name !== 'fingerprint_value') return null;
  const kind = String(params['kind'] ?? '');
  const values = new Set(list(params, 'values').map((v) => v.toLowerCase()));
  return (k, v) => k === kind && values.has(v.toLowerCase());
}

export const BEHAVIOUR_DETECTORS: ReadonlySet<AttackDetector> = new Set(['brute_force', 'password_guessing', 'password_spraying', 'credential_stuffing', 'beaconing']);

/** Reference semantics of the behaviour detectors (the SQL in behaviour-sql.ts implements the same). */
export function behaviourMatches(name: AttackDetector, params: Params, x: BehaviourExample): boolean {
  switch (name) {
    case 'brute_force': return (x.authCount ?? 0) >= num(params, 'min_attempts', 10);
    case 'password_guessing': return (x.secretsPerPrincipal ?? 0) >= num(params, 'min_secrets', 5);
    case 'password_spraying': return (x.principalsPerSecret ?? 0) >= num(params, 'min_principals', 5);
    case 'credential_stuffing': return (x.credentialTargets ?? 0) >= num(params, 'min_targets', 2);
    case 'beaconing': {
      const n = x.iatCount ?? 0;
      const mean = x.iatMeanS ?? 0;
      const sd = x.iatSdS ?? 0;
      return n >= num(params, 'min_intervals', 8) && mean >= num(params, 'min_interval_s', 10) && sd <= num(params, 'max_jitter', 0.15) * mean;
    }
    default: return false;
  }
}

export { num as paramNumber };
