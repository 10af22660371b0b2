// An incremental clustering step: re-reads only the addresses whose evidence changed (plus holders
// of keys that became or stopped being common), scores them against the holders of their keys, and
// recomputes only the identities those addresses were in or now reach. Every other edge and
// identity is unchanged by construction, so the result equals a full recompute (tested).
import { RawSql } from '../../db/raw-sql';
import type { AppDeps } from '../../deps';
import { aggregateFromJson, type IdentityAggregate } from './campaigns';
import { finishClusters, scoreEdges, splitSet, type ClusterResult, type Edge, type Override } from './cluster';
import type { AttackerFeatures } from './features';
import { deltaStatements, indexedKeys, keyDelta, keySetOf, loadCounts, loadHolders, storedKey } from './key-index';
import { loadFeatures, selectIn } from './load';
import type { StoredState } from './plan';
import type { Evidence } from './similarity';

export interface IncrementalStep {
  features: AttackerFeatures[];
  /** Components and edges of the recomputed region only. */
  result: ClusterResult;
  /** The stored state of the region (campaigns: all of it). */
  prev: StoredState;
  outside: IdentityAggregate[];
  reserved: Set<string>;
  indexStatements: RawSql[];
  /** Addresses re-scored, and addresses in the recomputed region. */
  rescored: number;
  region: number;
}

const byId = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

export async function incrementalStep(deps: AppDeps, dirty: readonly string[], overrides: readonly Override[], commonMin: number): Promise<IncrementalStep> {
  const feats = new Map<string, AttackerFeatures>();
  const gone = new Set<string>();
  const load = async (ids: Iterable<string>) => {
    const want = [...new Set(ids)].filter((id) => !feats.has(id) && !gone.has(id));
    for (const f of await loadFeatures(deps, want)) feats.set(f.id, f);
    for (const id of want) if (!feats.has(id)) gone.add(id);
  };
  await load(dirty);
  // 1. How the changed addresses' keys moved, and which keys crossed the "common" line.
  const before = await indexedKeys(deps, dirty);
  const after = new Map(dirty.map((id) => [id, feats.has(id) ? keySetOf(feats.get(id)!) : new Set<string>()]));
  const delta = keyDelta(before, after);
  const stored = new Map<string, number>();
  const changedKeys = [...new Set([...delta.gained.keys(), ...delta.lost.keys()])];
  await loadCounts(deps, changedKeys, stored);
  const countNow = (k: string) => (stored.get(k) ?? 0) + (delta.gained.get(k)?.length ?? 0) - (delta.lost.get(k)?.size ?? 0);
  const flipped = changedKeys.filter((k) => (stored.get(k)! > commonMin) !== (countNow(k) > commonMin));
  // 2. Re-scored addresses: the changed ones, holders of flipped keys (their scores read those keys).
  const rescore = new Set(dirty);
  for (const ids of (await loadHolders(deps, flipped)).values()) for (const id of ids) rescore.add(id);
  await load(rescore);
  const keysOfLoaded = (ids: Iterable<string>) => [...ids].flatMap((id) => (feats.has(id) ? [...keySetOf(feats.get(id)!)] : []));
  await loadCounts(deps, keysOfLoaded(rescore), stored);
  // Keys here are in stored form; scorePair asks with raw keys (isCommonRaw).
  const isCommon = (k: string) => countNow(k) > commonMin;
  const isCommonRaw = (k: string) => isCommon(storedKey(k));
  // 3. Their candidates: the current holders of their uncommon keys.
  const uncommon = [...new Set(keysOfLoaded(rescore).filter((k) => !isCommon(k)))];
  const holders = await loadHolders(deps, uncommon);
  for (const [k, ids] of holders) {
    const lost = delta.lost.get(k);
    const now = new Set(lost ? ids.filter((id) => !lost.has(id)) : ids);
    for (const id of delta.gained.get(k) ?? []) now.add(id);
    holders.set(k, [...now]);
  }
  const pairKeys = new Set<string>();
  for (const r of rescore) {
    const f = feats.get(r);
    if (!f) continue;
    for (const k of keySetOf(f)) {
      if (isCommon(k)) continue;
      for (const y of holders.get(k) ?? []) if (y !== r) pairKeys.add(r < y ? `${r}|${y}` : `${y}|${r}`);
    }
  }
  const pairs = [...pairKeys].sort(byId).map((p) => p.split('|') as [string, string]);
  await load(pairs.flat());
  await loadCounts(deps, keysOfLoaded(pairs.flat()), stored);
  const scorable = pairs.filter(([a, b]) => feats.has(a) && feats.has(b)).map(([a, b]): [AttackerFeatures, AttackerFeatures] => [feats.get(a)!, feats.get(b)!]);
  const fresh = await scoreEdges(scorable, isCommonRaw, splitSet(overrides));
  // 4. The region: everything these addresses were or now are connected to, closed under stored
  // identities and analysts' merges (both ends of a merge are always in one identity).
  const region = new Set<string>([...rescore, ...fresh.flatMap((e) => [e.a, e.b])]);
  const members = new Map<string, string>();
  const oldIds = new Set<string>();
  let frontier = [...region];
  while (frontier.length) {
    const next: string[] = [];
    const add = (id: string) => {
      if (!region.has(id)) (region.add(id), next.push(id));
    };
    const newIds: string[] = [];
    for (const [m, id] of await selectIn(deps, 'SELECT attacker_id, identity_id FROM identity_members', 'attacker_id', frontier)) {
      members.set(String(m), String(id));
      if (!oldIds.has(String(id))) (oldIds.add(String(id)), newIds.push(String(id)));
    }
    for (const [m, id] of await selectIn(deps, 'SELECT attacker_id, identity_id FROM identity_members', 'identity_id', newIds)) {
      members.set(String(m), String(id));
      add(String(m));
    }
    const inFrontier = new Set(frontier);
    for (const o of overrides) {
      if (o.kind !== 'merge' || !o.otherAttackerId) continue;
      if (inFrontier.has(o.attackerId)) add(o.otherAttackerId);
      if (inFrontier.has(o.otherAttackerId)) add(o.attackerId);
    }
    frontier = next;
  }
  await load(region);
  // 5. Stored edges in the region: those not touching a re-scored address keep their automatic part.
  const regionIds = [...region];
  const edgeRows = [
    ...(await selectIn(deps, 'SELECT a_id, b_id, weight, manual, evidence_json FROM identity_edges', 'a_id', regionIds)),
    ...(await selectIn(deps, 'SELECT a_id, b_id, weight, manual, evidence_json FROM identity_edges', 'b_id', regionIds)),
  ];
  const prevEdges = new Map<string, string>();
  const kept: Edge[] = [];
  for (const [a, b, w, manual, ev] of edgeRows) {
    const key = `${String(a)}|${String(b)}`;
    if (prevEdges.has(key)) continue;
    prevEdges.set(key, [w, manual, ev].map((x) => String(x)).join('\u0001'));
    if (rescore.has(String(a)) || rescore.has(String(b))) continue;
    const evidence = (JSON.parse(String(ev)) as Evidence[]).filter((e) => e.tier !== 'manual');
    if (evidence.length) kept.push({ a: String(a), b: String(b), weight: Number(w), manual: false, evidence });
  }
  const touching = overrides.filter((o) => region.has(o.attackerId) || (o.otherAttackerId !== null && region.has(o.otherAttackerId)));
  const result = finishClusters([...kept, ...fresh], touching, (id) => feats.has(id));
  // 6. The stored state to diff against: the region's part; campaigns span every identity.
  const ids = [...oldIds];
  const [cm, c, all] = await deps.rawBatch([
    new RawSql('SELECT identity_id, campaign_id FROM campaign_members', []),
    new RawSql('SELECT id, first_seen_ms, last_seen_ms, identity_count, evidence_json FROM campaigns', []),
    new RawSql('SELECT identity_id, agg_json FROM identity_aggregates', []),
  ]);
  const identRows = await selectIn(deps, 'SELECT id, first_seen_ms, last_seen_ms, member_count, summary_json FROM identities', 'id', ids);
  const [idList] = await deps.rawBatch([new RawSql('SELECT id FROM identities', [])]);
  const join = (r: unknown[]) => r.map((x) => String(x)).join('\u0001');
  const aggregates = new Map<string, string>();
  const outside: IdentityAggregate[] = [];
  for (const [id, json] of all!.rows) {
    if (oldIds.has(String(id))) aggregates.set(String(id), String(json));
    else outside.push(aggregateFromJson(String(id), String(json)));
  }
  const prev: StoredState = {
    members,
    identities: new Map(identRows.map((r) => [String(r[0]), join(r.slice(1))])),
    edges: prevEdges,
    campaignMembers: new Map(cm!.rows.map((r) => [String(r[0]), String(r[1])])),
    campaigns: new Map(c!.rows.map((r) => [String(r[0]), join(r.slice(1))])),
    aggregates,
  };
  const reserved = new Set(idList!.rows.map((r) => String(r[0])).filter((id) => !oldIds.has(id)));
  return { features: [...feats.values()], result, prev, outside, reserved, indexStatements: deltaStatements(delta, stored, deps.sqlParamLimit), rescored: rescore.size, region: region.size };
}
