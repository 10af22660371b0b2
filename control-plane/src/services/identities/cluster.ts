// Connected components over edges at or above the threshold (union-find), with analysts' overrides:
// a split address keeps no automatic edge, a manual merge always joins. Candidate pairs come from an
// inverted index over evidence keys, so the work grows with shared evidence, not with n².
import { keysOf, type AttackerFeatures } from './features';
import { passes, scorePair, type Evidence } from './similarity';

/** A key held by more addresses than this is common (library defaults, top wordlist entries). */
export const COMMON_KEY_MIN_HOLDERS = 50;
const YIELD_EVERY_PAIRS = 20_000;

export interface Override {
  kind: 'merge' | 'split';
  attackerId: string;
  otherAttackerId: string | null;
}

export interface Edge {
  a: string;
  b: string;
  weight: number;
  manual: boolean;
  evidence: Evidence[];
}

export interface ClusterResult {
  /** Components of two or more addresses, members sorted, ordered by their first member. */
  components: string[][];
  edges: Edge[];
}

export class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let p = this.parent.get(x) ?? x;
    if (p === x) return x;
    p = this.find(p);
    this.parent.set(x, p);
    return p;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // The smaller root wins, so the result does not depend on the order edges arrive in.
    if (ra !== rb) ra < rb ? this.parent.set(rb, ra) : this.parent.set(ra, rb);
  }
}

/** Candidate pairs (index pairs into `sorted`, a < b) sharing a key held by `commonMin` addresses or fewer. */
function candidatePairs(sorted: readonly AttackerFeatures[], commonMin: number): { pairs: number[]; holders: Map<string, number> } {
  const postings = new Map<string, number[]>();
  sorted.forEach((f, i) => {
    for (const k of new Set(keysOf(f))) {
      const list = postings.get(k);
      if (list) list.push(i);
      else postings.set(k, [i]);
    }
  });
  const pairs = new Set<number>();
  const n = sorted.length;
  const holders = new Map<string, number>();
  for (const [k, list] of postings) {
    holders.set(k, list.length);
    if (list.length < 2 || list.length > commonMin) continue;
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) pairs.add(list[i]! * n + list[j]!);
  }
  return { pairs: [...pairs].sort((x, y) => x - y), holders };
}

/** Scores pairs of addresses (sorted by id within a pair) and keeps those that pass, skipping split addresses. */
export async function scoreEdges(pairs: Iterable<[AttackerFeatures, AttackerFeatures]>, isCommon: (k: string) => boolean, split: ReadonlySet<string>): Promise<Edge[]> {
  const edges: Edge[] = [];
  let scored = 0;
  for (const [a, b] of pairs) {
    // Let requests in between chunks: clustering shares the event loop with ingest.
    if (++scored % YIELD_EVERY_PAIRS === 0) await new Promise((ok) => setTimeout(ok, 0));
    if (split.has(a.id) || split.has(b.id)) continue;
    const s = scorePair(a, b, isCommon);
    if (!passes(s.weight)) continue;
    edges.push({ a: a.id, b: b.id, weight: s.weight, manual: false, evidence: s.evidence });
  }
  return edges;
}

export const splitSet = (overrides: readonly Override[]): Set<string> => new Set(overrides.filter((o) => o.kind === 'split').map((o) => o.attackerId));

/**
 * Applies analysts' merges to automatic edges (in override order) and groups the result into
 * components. `exists` says which addresses are still there (a merge naming a removed one is void).
 */
export function finishClusters(autoEdges: Edge[], overrides: readonly Override[], exists: (id: string) => boolean): ClusterResult {
  const sortedEdges = [...autoEdges].sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
  const uf = new UnionFind();
  for (const e of sortedEdges) uf.union(e.a, e.b);
  const edges = sortedEdges;
  const byPair = new Map(edges.map((e) => [`${e.a}|${e.b}`, e]));
  for (const o of overrides) {
    if (o.kind !== 'merge' || !o.otherAttackerId || !exists(o.attackerId) || !exists(o.otherAttackerId)) continue;
    const [a, b] = o.attackerId < o.otherAttackerId ? [o.attackerId, o.otherAttackerId] : [o.otherAttackerId, o.attackerId];
    if (a === b) continue;
    const manual = { tier: 'manual' as const, kind: 'analyst', values: [], score: 1 };
    const auto = byPair.get(`${a}|${b}`);
    if (auto) (auto.manual = true), auto.evidence.push(manual);
    else {
      const e = { a, b, weight: 1, manual: true, evidence: [manual] };
      edges.push(e);
      byPair.set(`${a}|${b}`, e);
    }
    uf.union(a, b);
  }
  const groups = new Map<string, Set<string>>();
  for (const e of edges) {
    for (const id of [e.a, e.b]) {
      const root = uf.find(id);
      const g = groups.get(root) ?? new Set<string>();
      g.add(id);
      groups.set(root, g);
    }
  }
  const components = [...groups.values()].map((g) => [...g].sort()).sort((x, y) => (x[0]! < y[0]! ? -1 : 1));
  return { components, edges };
}

/** The full recompute: every candidate pair of every address. Also returns each key's holder count. */
export async function clusterAttackers(features: AttackerFeatures[], overrides: Override[] = [], commonMin = COMMON_KEY_MIN_HOLDERS): Promise<ClusterResult & { holders: Map<string, number> }> {
  const sorted = [...features].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const byId = new Map(sorted.map((f) => [f.id, f]));
  const { pairs, holders } = candidatePairs(sorted, commonMin);
  const n = sorted.length;
  const isCommon = (k: string) => (holders.get(k) ?? 0) > commonMin;
  const pairList = pairs.map((p): [AttackerFeatures, AttackerFeatures] => [sorted[Math.floor(p / n)]!, sorted[p % n]!]);
  const auto = await scoreEdges(pairList, isCommon, splitSet(overrides));
  return { ...finishClusters(auto, overrides, (id) => byId.has(id)), holders };
}
