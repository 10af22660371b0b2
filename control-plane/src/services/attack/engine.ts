// The per-event half of the rule engine: rules compiled once per rule-state snapshot (disabled rules
// dropped, confidence capped), regexes run over command/url/user-agent/event text with a bounded memo
// (attackers repeat the same strings), credential and fingerprint detectors run on their fields.
import { emitTechniqueId, type AttackRule, type AttackSource } from '@decnet/protocol';
import { credentialDetector, fingerprintDetector, type CredentialInput } from './detectors';

export interface RuleState { enabled: boolean; confidenceMax: number | null }
export interface CompiledEmit { tactic: string; techniqueId: string; confidence: number }
export interface CompiledRule {
  rule: AttackRule;
  emits: CompiledEmit[];
  re: RegExp | null;
  credential: ((c: CredentialInput) => boolean) | null;
  fingerprint: ((kind: string, value: string) => boolean) | null;
}
export type TextSource = Extract<AttackSource, 'command' | 'url' | 'user_agent' | 'event' | 'email' | 'browser'>;
export const TEXT_SOURCES: readonly TextSource[] = ['command', 'url', 'user_agent', 'event', 'email', 'browser'];

export interface CompiledRules {
  text: Record<TextSource, CompiledRule[]>;
  credential: CompiledRule[];
  fingerprint: CompiledRule[];
  behaviour: CompiledRule[];
  memo: Record<TextSource, Map<string, CompiledRule[]>>;
}

const MEMO_MAX = 20_000;
const MEMO_KEY_MAX = 512;
const NONE: CompiledRule[] = [];

export function compileRules(rules: readonly AttackRule[], states: ReadonlyMap<string, RuleState>): CompiledRules {
  const out: CompiledRules = {
    text: { command: [], url: [], user_agent: [], event: [], email: [], browser: [] },
    credential: [], fingerprint: [], behaviour: [],
    memo: { command: new Map(), url: new Map(), user_agent: new Map(), event: new Map(), email: new Map(), browser: new Map() },
  };
  for (const rule of rules) {
    const st = states.get(rule.id);
    if (st && !st.enabled) continue;
    const cap = st?.confidenceMax ?? 1;
    const emits = rule.emits.map((e) => ({ tactic: e.tactic, techniqueId: emitTechniqueId(e), confidence: Math.min(e.confidence, cap) }));
    const m = rule.match;
    const c: CompiledRule = {
      rule, emits,
      re: m.kind === 'pattern' ? new RegExp(m.pattern, m.flags) : null,
      credential: m.kind === 'detector' ? credentialDetector(m.name, m.params) : null,
      fingerprint: m.kind === 'detector' ? fingerprintDetector(m.name, m.params) : null,
    };
    for (const src of rule.appliesTo) {
      if (src === 'credential') { if (c.credential) out.credential.push(c); }
      else if (src === 'fingerprint') { if (c.fingerprint) out.fingerprint.push(c); }
      else if (src === 'behaviour') out.behaviour.push(c);
      else if (c.re) out.text[src].push(c);
    }
  }
  return out;
}

/** Pattern rules of `source` that match `text` (memoised per distinct short text). */
export function matchText(c: CompiledRules, source: TextSource, text: string): CompiledRule[] {
  const rules = c.text[source];
  if (rules.length === 0 || text.length === 0) return NONE;
  const memo = text.length <= MEMO_KEY_MAX ? c.memo[source] : null;
  const hit = memo?.get(text);
  if (hit) return hit;
  let found: CompiledRule[] = NONE;
  for (const r of rules) if (r.re!.test(text)) (found === NONE ? (found = [r]) : found.push(r));
  if (memo) {
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(text, found);
  }
  return found;
}

export function matchCredential(c: CompiledRules, cred: CredentialInput): CompiledRule[] {
  if (c.credential.length === 0) return NONE;
  return c.credential.filter((r) => r.credential!(cred));
}

export function matchFingerprint(c: CompiledRules, kind: string, value: string): CompiledRule[] {
  if (c.fingerprint.length === 0) return NONE;
  return c.fingerprint.filter((r) => r.fingerprint!(kind, value));
}

/** The text of the first match of a pattern rule (for evidence), bounded. */
export function matchedText(r: CompiledRule, text: string, max = 128): string | null {
  if (!r.re) return null;
  const m = r.re.exec(text);
  return m ? m[0].slice(0, max) : null;
}
