// Pairwise evidence between two attacker addresses in weighted tiers (inventory §8.3): strong (same
// client fingerprint, payload or C2/download infrastructure), medium (per-phase command-set
// Jaccard), weak (credential-set Jaccard), very weak (same ASN). Client fingerprints that fully
// disagree veto everything else. Keys held by too many addresses (library-default JA3s, common
// wordlist entries, `uname -a`) are "common" and carry no identity information.
import { CLIENT_FINGERPRINT_KINDS, type AttackerFeatures } from './features';

export const WEIGHTS = { strong: 1.0, medium: 0.6, weak: 0.3, veryWeak: 0.1 } as const;
export const EDGE_THRESHOLD = 1.0;
const EPSILON = 1e-9;
/** Sets smaller than this are too thin to compare (one shared `uname -a` proves nothing). */
const MIN_SET = 3;

export type Tier = 'strong' | 'medium' | 'weak' | 'very_weak' | 'manual';

export interface Evidence {
  tier: Tier;
  kind: string;
  /** Shared values (bounded), or the phase for command sets. */
  values: string[];
  score: number;
}

export interface PairScore {
  weight: number;
  evidence: Evidence[];
  vetoed: boolean;
}

const VALUES_MAX = 5;

function shared(a: readonly string[], b: readonly string[], isCommon: (k: string) => boolean, prefix: string): string[] {
  if (!a.length || !b.length) return [];
  const set = new Set(b);
  return a.filter((v) => set.has(v) && !isCommon(prefix + v));
}

function jaccard(a: readonly string[], b: readonly string[], isCommon: (k: string) => boolean, prefix: string): number {
  const sa = new Set(a.filter((v) => !isCommon(prefix + v)));
  const sb = new Set(b.filter((v) => !isCommon(prefix + v)));
  if (sa.size < MIN_SET || sb.size < MIN_SET) return 0;
  let inter = 0;
  for (const v of sa) if (sb.has(v)) inter++;
  return inter / (sa.size + sb.size - inter);
}

/** Whether both addresses show client fingerprints and none agree: a different client, so a different actor. */
export function fingerprintsDisagree(a: AttackerFeatures, b: AttackerFeatures): boolean {
  let disagree = 0;
  for (const kind of CLIENT_FINGERPRINT_KINDS) {
    const va = a.fingerprints[kind] ?? [];
    const vb = b.fingerprints[kind] ?? [];
    if (!va.length || !vb.length) continue;
    if (va.some((v) => vb.includes(v))) return false;
    disagree++;
  }
  return disagree > 0;
}

export function scorePair(a: AttackerFeatures, b: AttackerFeatures, isCommon: (key: string) => boolean): PairScore {
  const evidence: Evidence[] = [];
  for (const kind of CLIENT_FINGERPRINT_KINDS) {
    const s = shared(a.fingerprints[kind] ?? [], b.fingerprints[kind] ?? [], isCommon, `fp:${kind}:`);
    if (s.length) evidence.push({ tier: 'strong', kind, values: s.slice(0, VALUES_MAX), score: WEIGHTS.strong });
  }
  const vetoed = fingerprintsDisagree(a, b);
  const pay = shared(a.payloads, b.payloads, isCommon, 'payload:');
  if (pay.length) evidence.push({ tier: 'strong', kind: 'payload', values: pay.slice(0, VALUES_MAX), score: WEIGHTS.strong });
  const infra = shared(a.infra, b.infra, isCommon, 'infra:');
  if (infra.length) evidence.push({ tier: 'strong', kind: 'infrastructure', values: infra.slice(0, VALUES_MAX), score: WEIGHTS.strong });
  let bestPhase = '';
  let best = 0;
  for (const [phase, cmds] of Object.entries(a.commandsByPhase)) {
    const j = jaccard(cmds, b.commandsByPhase[phase] ?? [], isCommon, 'cmd:');
    if (j > best || (j === best && j > 0 && phase < bestPhase)) (best = j), (bestPhase = phase);
  }
  if (best > 0) evidence.push({ tier: 'medium', kind: 'commands', values: [bestPhase], score: WEIGHTS.medium * best });
  const cj = jaccard(a.credentials, b.credentials, isCommon, 'cred:');
  if (cj > 0) evidence.push({ tier: 'weak', kind: 'credentials', values: [], score: WEIGHTS.weak * cj });
  if (a.asn && a.asn === b.asn) evidence.push({ tier: 'very_weak', kind: 'asn', values: [a.asn], score: WEIGHTS.veryWeak });
  // Strong evidence counts once however many kinds agree, so the weight reads as "how sure".
  const strong = evidence.some((e) => e.tier === 'strong') ? WEIGHTS.strong : 0;
  const rest = evidence.filter((e) => e.tier !== 'strong').reduce((s, e) => s + e.score, 0);
  const weight = vetoed ? 0 : Math.round((strong + rest) * 1000) / 1000;
  return { weight, evidence, vetoed };
}

export const passes = (weight: number): boolean => weight >= EDGE_THRESHOLD - EPSILON;
