// Campaigns: identities working together (inventory §8.4). Tiers: a phase hand-off on the same decky
// within a window (one identity gets in, another explores or persists), shared infrastructure
// (Jaccard of C2/download hosts and payloads), overlapping activity windows, same cohort (ASN,
// client tooling). Components over edges at or above the threshold, two identities or more.
import { UnionFind } from './cluster';
import type { AttackerFeatures } from './features';

export const CAMPAIGN_WEIGHTS = { handoff: 1.0, infra: 1.0, overlap: 0.3, cohort: 0.2 } as const;
export const CAMPAIGN_THRESHOLD = 1.0;
export const HANDOFF_WINDOW_MS = 24 * 3_600_000;
/** A decky or host shared by more identities than this is not a lead (bounded pair generation). */
const CANDIDATES_PER_KEY_MAX = 200;
const ACCESS = new Set(['execution', 'persistence']);
const FOLLOW_UP = new Set(['discovery', 'persistence', 'exfiltration']);

export interface IdentityAggregate {
  id: string;
  firstSeenMs: number;
  lastSeenMs: number;
  sessions: { decky: string; startedAtMs: number; phases: string[] }[];
  infra: Set<string>;
  asns: Set<string>;
  tools: Set<string>;
}

export interface CampaignEdge {
  a: string;
  b: string;
  weight: number;
  evidence: { kind: string; score: number; detail: string }[];
}

export function aggregateIdentity(id: string, members: readonly AttackerFeatures[]): IdentityAggregate {
  const agg: IdentityAggregate = { id, firstSeenMs: Infinity, lastSeenMs: -Infinity, sessions: [], infra: new Set(), asns: new Set(), tools: new Set() };
  for (const m of members) {
    agg.firstSeenMs = Math.min(agg.firstSeenMs, m.firstSeenMs);
    agg.lastSeenMs = Math.max(agg.lastSeenMs, m.lastSeenMs);
    // Only sessions with an access or follow-up phase can be a hand-off (the rest never count).
    for (const x of m.sessions) {
      const phases = x.phases.filter((p) => ACCESS.has(p) || FOLLOW_UP.has(p));
      if (phases.length) agg.sessions.push({ decky: x.decky, startedAtMs: x.startedAtMs, phases });
    }
    for (const k of m.infra) if (!k.startsWith('url:')) agg.infra.add(k);
    for (const p of m.payloads) agg.infra.add(`payload:${p}`);
    if (m.asn) agg.asns.add(m.asn);
    for (const [kind, vs] of Object.entries(m.fingerprints)) for (const v of vs) agg.tools.add(`${kind}:${v}`);
  }
  return agg;
}

/** The stored form of an aggregate (identity_aggregates), so a run re-reads unchanged identities instead of their members. */
export function aggregateToJson(a: IdentityAggregate): string {
  return JSON.stringify({ f: a.firstSeenMs, l: a.lastSeenMs, s: a.sessions.map((x) => [x.decky, x.startedAtMs, x.phases]), i: [...a.infra], a: [...a.asns], t: [...a.tools] });
}

export function aggregateFromJson(id: string, json: string): IdentityAggregate {
  const o = JSON.parse(json) as { f: number; l: number; s: [string, number, string[]][]; i: string[]; a: string[]; t: string[] };
  return { id, firstSeenMs: o.f, lastSeenMs: o.l, sessions: o.s.map(([decky, startedAtMs, phases]) => ({ decky, startedAtMs, phases })), infra: new Set(o.i), asns: new Set(o.a), tools: new Set(o.t) };
}

const jac = (a: Set<string>, b: Set<string>) => {
  if (!a.size || !b.size) return 0;
  let i = 0;
  for (const v of a) if (b.has(v)) i++;
  return i / (a.size + b.size - i);
};

/** The first hand-off from `x` to `y`: x got in on a decky, y followed up there within the window. */
function handoff(x: IdentityAggregate, y: IdentityAggregate): string | null {
  for (const s of x.sessions) {
    if (!s.phases.some((p) => ACCESS.has(p))) continue;
    for (const t of y.sessions) {
      if (t.decky === s.decky && t.startedAtMs > s.startedAtMs && t.startedAtMs - s.startedAtMs <= HANDOFF_WINDOW_MS && t.phases.some((p) => FOLLOW_UP.has(p))) return s.decky;
    }
  }
  return null;
}

export function scoreIdentities(x: IdentityAggregate, y: IdentityAggregate): CampaignEdge {
  const evidence: CampaignEdge['evidence'] = [];
  const h = handoff(x, y) ?? handoff(y, x);
  if (h) evidence.push({ kind: 'phase_handoff', score: CAMPAIGN_WEIGHTS.handoff, detail: h });
  const ij = jac(x.infra, y.infra);
  if (ij > 0) evidence.push({ kind: 'shared_infrastructure', score: CAMPAIGN_WEIGHTS.infra * ij, detail: [...x.infra].filter((k) => y.infra.has(k)).slice(0, 5).join(' ') });
  const overlap = Math.min(x.lastSeenMs, y.lastSeenMs) - Math.max(x.firstSeenMs, y.firstSeenMs);
  const shorter = Math.max(1, Math.min(x.lastSeenMs - x.firstSeenMs, y.lastSeenMs - y.firstSeenMs));
  if (overlap >= 0) evidence.push({ kind: 'temporal_overlap', score: CAMPAIGN_WEIGHTS.overlap * Math.min(1, overlap / shorter), detail: `${Math.round(overlap / 1000)} s` });
  const cohort = Math.max(jac(x.asns, y.asns), jac(x.tools, y.tools));
  if (cohort > 0) evidence.push({ kind: 'cohort', score: CAMPAIGN_WEIGHTS.cohort * cohort, detail: '' });
  const weight = Math.round(evidence.reduce((s, e) => s + e.score, 0) * 1000) / 1000;
  const [a, b] = x.id < y.id ? [x.id, y.id] : [y.id, x.id];
  return { a, b, weight, evidence };
}

/** Candidate pairs share a decky they ran commands on or an infrastructure key; components over passing edges. */
export function clusterCampaigns(identities: readonly IdentityAggregate[]): { components: string[][]; edges: CampaignEdge[] } {
  const sorted = [...identities].sort((p, q) => (p.id < q.id ? -1 : 1));
  const postings = new Map<string, number[]>();
  sorted.forEach((agg, i) => {
    const keys = new Set<string>([...agg.infra].map((k) => `i:${k}`));
    for (const s of agg.sessions) if (s.phases.some((p) => ACCESS.has(p) || FOLLOW_UP.has(p))) keys.add(`d:${s.decky}`);
    for (const k of keys) {
      const list = postings.get(k);
      if (list) list.push(i);
      else postings.set(k, [i]);
    }
  });
  const n = sorted.length;
  const pairs = new Set<number>();
  for (const list of postings.values()) if (list.length <= CANDIDATES_PER_KEY_MAX) for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) pairs.add(list[i]! * n + list[j]!);
  const uf = new UnionFind();
  const edges: CampaignEdge[] = [];
  for (const p of [...pairs].sort((u, v) => u - v)) {
    const e = scoreIdentities(sorted[Math.floor(p / n)]!, sorted[p % n]!);
    if (e.weight < CAMPAIGN_THRESHOLD - 1e-9) continue;
    edges.push(e);
    uf.union(e.a, e.b);
  }
  const groups = new Map<string, Set<string>>();
  for (const e of edges) for (const id of [e.a, e.b]) groups.set(uf.find(id), (groups.get(uf.find(id)) ?? new Set()).add(id));
  return { components: [...groups.values()].map((g) => [...g].sort()).sort((u, v) => (u[0]! < v[0]! ? -1 : 1)), edges };
}
