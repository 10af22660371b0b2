// Turns a clustering result into the writes that bring the stored identities, members, edges and
// campaigns up to date: only what changed is written, so running twice on the same data writes
// nothing; every change is logged (deterministic log ids) and formed/merged identities become
// webhook facts in the same transaction. An incremental run passes the part of the stored state it
// recomputed plus the other identities' stored aggregates (campaigns span every identity).
import { FactTopics, type Fact } from '@decnet/protocol';
import { q, RawSql, type SqlArg } from '../../db/raw-sql';
import { factStatements } from '../webhooks/outbox';
import { assignIds } from './assign';
import { aggregateIdentity, aggregateToJson, clusterCampaigns, type IdentityAggregate } from './campaigns';
import type { ClusterResult } from './cluster';
import type { AttackerFeatures } from './features';
import { deleteIn, insertRows } from './sql-rows';

export interface StoredState {
  members: Map<string, string>;
  /** id -> [first_seen_ms, last_seen_ms, member_count, summary_json] joined */
  identities: Map<string, string>;
  edges: Map<string, string>;
  campaignMembers: Map<string, string>;
  campaigns: Map<string, string>;
  /** identity id -> stored aggregate JSON */
  aggregates: Map<string, string>;
}

export interface PlanContext {
  now: number;
  paramLimit: number;
  actor: string | null;
  reason: 'merge' | 'unmerge' | null;
  /** Aggregates of the identities outside an incremental run's region (none for a full run). */
  outside?: IdentityAggregate[];
  /** Identity ids in use outside the region: a new identity never takes one. */
  reserved?: ReadonlySet<string>;
}

export interface Plan {
  statements: RawSql[];
  identities: number;
  campaigns: number;
  changes: number;
}

interface LogRow {
  id: string;
  type: string;
  identityId: string | null;
  campaignId: string | null;
  payload: Record<string, unknown>;
}

const LIST_MAX = 20;
const byEarliest = (f: ReadonlyMap<string, { firstSeenMs: number }>) => (members: readonly string[]) =>
  [...members].sort((a, b) => (f.get(a)?.firstSeenMs ?? 0) - (f.get(b)?.firstSeenMs ?? 0) || (a < b ? -1 : 1))[0]!;

function summaryOf(members: AttackerFeatures[]): string {
  const fps = new Set<string>();
  const countries = new Set<string>();
  const asns = new Set<string>();
  for (const m of members) {
    for (const [k, vs] of Object.entries(m.fingerprints)) for (const v of vs) fps.add(`${k}:${v}`);
    if (m.country) countries.add(m.country);
    if (m.asn) asns.add(m.asn);
  }
  return JSON.stringify({ ips: members.map((m) => m.ip).slice(0, LIST_MAX), fingerprints: [...fps].sort().slice(0, LIST_MAX), countries: [...countries].sort(), asns: [...asns].sort().slice(0, LIST_MAX) });
}

export function planWrites(features: AttackerFeatures[], result: ClusterResult, prev: StoredState, ctx: PlanContext): Plan {
  const fById = new Map(features.map((f) => [f.id, f]));
  const st: RawSql[] = [];
  const log: LogRow[] = [];
  const facts: Fact[] = [];
  const { ids, retired } = assignIds(result.components, prev.members, byEarliest(fById), 'identity', ctx.reserved);
  const next = new Map<string, string>();
  const prevById = new Map<string, string[]>();
  for (const [m, id] of prev.members) {
    const list = prevById.get(id);
    if (list) list.push(m);
    else prevById.set(id, [m]);
  }
  const idRows: SqlArg[][] = [];
  result.components.forEach((members, i) => {
    const id = ids[i]!;
    const fs = members.map((m) => fById.get(m)!);
    for (const m of members) next.set(m, id);
    const first = Math.min(...fs.map((f) => f.firstSeenMs));
    const last = Math.max(...fs.map((f) => f.lastSeenMs));
    const summary = summaryOf(fs);
    if (prev.identities.get(id) !== [first, last, members.length, summary].join('\u0001')) idRows.push([id, first, last, members.length, ctx.now, ctx.now, summary]);
    const ips = fs.map((f) => f.ip).slice(0, LIST_MAX);
    if (!prev.identities.has(id)) {
      log.push({ id: `identity.formed:${id}`, type: 'identity.formed', identityId: id, campaignId: null, payload: { members: members.length, ips } });
      facts.push({ id: `identity.formed:${id}`, topic: FactTopics.identityFormed, type: 'identity.formed', ts: ctx.now, payload: { identityId: id, memberCount: members.length, ips } });
    } else {
      const before = prevById.get(id) ?? [];
      const added = members.filter((m) => prev.members.get(m) !== id);
      const removed = before.filter((m) => next.get(m) !== id);
      if (added.length || removed.length) {
        const type = ctx.reason === 'unmerge' && removed.length ? 'identity.unmerged' : ctx.reason === 'merge' && added.length ? 'identity.merged' : 'identity.updated';
        const removedIps = removed.map((m) => fById.get(m)?.ip ?? m).slice(0, LIST_MAX);
        log.push({ id: `${type}:${id}:${ctx.now}`, type, identityId: id, campaignId: null, payload: { added: added.map((m) => fById.get(m)?.ip ?? m).slice(0, LIST_MAX), removed: removedIps, members: members.length } });
        // The same id as the log row: deterministic for this decision's run, written once.
        if (type === 'identity.unmerged') facts.push({ id: `identity.unmerged:${id}:${ctx.now}`, topic: FactTopics.identityUnmerged, type: 'identity.unmerged', ts: ctx.now, payload: { identityId: id, removed: removedIps, memberCount: members.length, dissolved: false, actor: ctx.actor } });
      }
    }
  });
  st.push(...insertRows('INSERT INTO identities (id, first_seen_ms, last_seen_ms, member_count, formed_at_ms, updated_at_ms, summary_json)', idRows, 'ON CONFLICT(id) DO UPDATE SET first_seen_ms = excluded.first_seen_ms, last_seen_ms = excluded.last_seen_ms, member_count = excluded.member_count, updated_at_ms = excluded.updated_at_ms, summary_json = excluded.summary_json', ctx.paramLimit));
  for (const r of retired) {
    const went = (prevById.get(r) ?? []).map((m) => next.get(m)).filter((x): x is string => !!x);
    const into = went.sort()[0];
    if (into) {
      log.push({ id: `identity.merged:${r}:${into}`, type: 'identity.merged', identityId: into, campaignId: null, payload: { from: r, into } });
      facts.push({ id: `identity.merged:${r}:${into}`, topic: FactTopics.identityMerged, type: 'identity.merged', ts: ctx.now, payload: { from: r, into, actor: ctx.actor } });
    } else {
      const type = ctx.reason === 'unmerge' ? 'identity.unmerged' : 'identity.dissolved';
      log.push({ id: `${type}:${r}:${ctx.now}`, type, identityId: r, campaignId: null, payload: { dissolved: true } });
      if (type === 'identity.unmerged') facts.push({ id: `identity.unmerged:${r}:${ctx.now}`, topic: FactTopics.identityUnmerged, type: 'identity.unmerged', ts: ctx.now, payload: { identityId: r, removed: (prevById.get(r) ?? []).map((m) => fById.get(m)?.ip ?? m).slice(0, LIST_MAX), memberCount: 0, dissolved: true, actor: ctx.actor } });
    }
  }
  st.push(...deleteIn('identities', 'id', retired, ctx.paramLimit));
  const memberRows = [...next].filter(([m, id]) => prev.members.get(m) !== id).map(([m, id]) => [m, id, ctx.now]);
  st.push(...insertRows('INSERT INTO identity_members (attacker_id, identity_id, joined_at_ms)', memberRows, 'ON CONFLICT(attacker_id) DO UPDATE SET identity_id = excluded.identity_id, joined_at_ms = excluded.joined_at_ms', ctx.paramLimit));
  st.push(...deleteIn('identity_members', 'attacker_id', [...prev.members.keys()].filter((m) => !next.has(m)), ctx.paramLimit));
  const edgeKeys = new Set<string>();
  const edgeRows: SqlArg[][] = [];
  for (const e of result.edges) {
    const key = `${e.a}|${e.b}`;
    edgeKeys.add(key);
    const ev = JSON.stringify(e.evidence);
    if (prev.edges.get(key) !== [e.weight, e.manual ? 1 : 0, ev].join('\u0001')) edgeRows.push([e.a, e.b, e.weight, e.manual ? 1 : 0, ev]);
  }
  st.push(...insertRows('INSERT INTO identity_edges (a_id, b_id, weight, manual, evidence_json)', edgeRows, 'ON CONFLICT(a_id, b_id) DO UPDATE SET weight = excluded.weight, manual = excluded.manual, evidence_json = excluded.evidence_json', ctx.paramLimit));
  const goneEdges = [...prev.edges.keys()].filter((k) => !edgeKeys.has(k));
  for (let i = 0; i < goneEdges.length; i += 400) {
    const part = goneEdges.slice(i, i + 400).map((k) => k.split('|'));
    st.push(new RawSql(`DELETE FROM identity_edges WHERE (a_id, b_id) IN (VALUES ${part.map(() => '(?, ?)').join(', ')})`, part.flat()));
  }
  const aggs = result.components.map((members, i) => aggregateIdentity(ids[i]!, members.map((m) => fById.get(m)!)));
  const aggRows = aggs.map((a) => [a.id, aggregateToJson(a)]).filter(([id, json]) => prev.aggregates.get(id!) !== json);
  st.push(...insertRows('INSERT INTO identity_aggregates (identity_id, agg_json)', aggRows, 'ON CONFLICT(identity_id) DO UPDATE SET agg_json = excluded.agg_json', ctx.paramLimit));
  st.push(...deleteIn('identity_aggregates', 'identity_id', retired, ctx.paramLimit));
  const campaigns = planCampaigns([...aggs, ...(ctx.outside ?? [])], prev, ctx, st, log);
  const logRows = log.map((l) => [l.id, l.type, l.identityId, l.campaignId, ctx.actor, ctx.now, JSON.stringify(l.payload)]);
  st.push(...insertRows('INSERT INTO identity_log (id, type, identity_id, campaign_id, actor, ts_ms, payload_json)', logRows, 'ON CONFLICT(id) DO NOTHING', ctx.paramLimit));
  st.push(...factStatements(facts, ctx.now));
  return { statements: st, identities: result.components.length, campaigns, changes: idRows.length + aggRows.length + retired.length + memberRows.length + edgeRows.length + goneEdges.length + log.length };
}

function planCampaigns(aggs: IdentityAggregate[], prev: StoredState, ctx: PlanContext, st: RawSql[], log: LogRow[]): number {
  const aggById = new Map(aggs.map((a) => [a.id, a]));
  const { components: groups, edges } = clusterCampaigns(aggs);
  const { ids: cids, retired } = assignIds(groups, prev.campaignMembers, byEarliest(aggById), 'campaign');
  const next = new Map<string, string>();
  const rows: SqlArg[][] = [];
  groups.forEach((members, i) => {
    const id = cids[i]!;
    for (const m of members) next.set(m, id);
    const set = new Set(members);
    const evidence = JSON.stringify(edges.filter((e) => set.has(e.a)).slice(0, 100));
    const first = Math.min(...members.map((m) => aggById.get(m)!.firstSeenMs));
    const last = Math.max(...members.map((m) => aggById.get(m)!.lastSeenMs));
    if (prev.campaigns.get(id) !== [first, last, members.length, evidence].join('\u0001')) {
      rows.push([id, first, last, members.length, ctx.now, ctx.now, evidence]);
      const type = prev.campaigns.has(id) ? 'campaign.updated' : 'campaign.formed';
      log.push({ id: `${type}:${id}:${ctx.now}`, type, identityId: null, campaignId: id, payload: { identities: members.length } });
    }
  });
  st.push(...insertRows('INSERT INTO campaigns (id, first_seen_ms, last_seen_ms, identity_count, formed_at_ms, updated_at_ms, evidence_json)', rows, 'ON CONFLICT(id) DO UPDATE SET first_seen_ms = excluded.first_seen_ms, last_seen_ms = excluded.last_seen_ms, identity_count = excluded.identity_count, updated_at_ms = excluded.updated_at_ms, evidence_json = excluded.evidence_json', ctx.paramLimit));
  for (const r of retired) log.push({ id: `campaign.dissolved:${r}:${ctx.now}`, type: 'campaign.dissolved', identityId: null, campaignId: r, payload: {} });
  st.push(...deleteIn('campaigns', 'id', retired, ctx.paramLimit));
  const memberRows = [...next].filter(([m, id]) => prev.campaignMembers.get(m) !== id).map(([m, id]) => [m, id]);
  st.push(...insertRows('INSERT INTO campaign_members (identity_id, campaign_id)', memberRows, 'ON CONFLICT(identity_id) DO UPDATE SET campaign_id = excluded.campaign_id', ctx.paramLimit));
  st.push(...deleteIn('campaign_members', 'identity_id', [...prev.campaignMembers.keys()].filter((m) => !next.has(m)), ctx.paramLimit));
  return groups.length;
}

/** Reads what the last run stored, in the shapes planWrites compares against. */
export function storedStateQueries(): RawSql[] {
  return [
    q`SELECT attacker_id, identity_id FROM identity_members`,
    q`SELECT id, first_seen_ms, last_seen_ms, member_count, summary_json FROM identities`,
    q`SELECT a_id, b_id, weight, manual, evidence_json FROM identity_edges`,
    q`SELECT identity_id, campaign_id FROM campaign_members`,
    q`SELECT id, first_seen_ms, last_seen_ms, identity_count, evidence_json FROM campaigns`,
    q`SELECT identity_id, agg_json FROM identity_aggregates`,
  ];
}

export function toStoredState(rows: unknown[][][]): StoredState {
  const [m, i, e, cm, c, ag] = rows as SqlArg[][][];
  const join = (r: SqlArg[]) => r.map((x) => String(x)).join('\u0001');
  return {
    members: new Map(m!.map((r) => [String(r[0]), String(r[1])])),
    identities: new Map(i!.map((r) => [String(r[0]), join(r.slice(1))])),
    edges: new Map(e!.map((r) => [`${String(r[0])}|${String(r[1])}`, join(r.slice(2))])),
    campaignMembers: new Map(cm!.map((r) => [String(r[0]), String(r[1])])),
    campaigns: new Map(c!.map((r) => [String(r[0]), join(r.slice(1))])),
    aggregates: new Map((ag ?? []).map((r) => [String(r[0]), String(r[1])])),
  };
}
