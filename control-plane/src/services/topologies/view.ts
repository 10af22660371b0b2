// Public views of topologies: list items with counts, the snapshot the editor loads (body + reported
// decky state + pending mutations), mutations and audited status events.
import type { TopologyListItem, TopologyMutation, TopologySnapshot, TopologyStatusEvent } from '@decnet/protocol';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { deckies, topologies, topologyLans, topologyMutations, topologyStatusEvents, type TopologyMutationRow, type TopologyRow, type TopologyStatusEventRow } from '../../db/schema';
import { toDeckyView } from '../deckies/view';
import { loadTopology } from './store';

const iso = (ms: number) => new Date(ms).toISOString();

export function toMutationView(m: TopologyMutationRow): TopologyMutation {
  return {
    id: m.id,
    topologyId: m.topologyId,
    ops: JSON.parse(m.opsJson) as TopologyMutation['ops'],
    trigger: m.trigger,
    actor: m.actor ?? null,
    baseVersion: m.baseVersion,
    resultVersion: m.resultVersion,
    status: m.status,
    error: m.error,
    createdAt: iso(m.createdAtMs),
    appliedAt: m.appliedAtMs != null ? iso(m.appliedAtMs) : null,
  };
}

export function toStatusEventView(e: TopologyStatusEventRow): TopologyStatusEvent {
  return { id: e.id, topologyId: e.topologyId, from: (e.fromStatus as TopologyStatusEvent['from']) ?? null, to: e.toStatus as TopologyStatusEvent['to'], reason: e.reason, at: iso(e.atMs) };
}

export async function pendingMutations(deps: AppDeps, topologyId: string): Promise<TopologyMutationRow[]> {
  return deps.db
    .select()
    .from(topologyMutations)
    .where(and(eq(topologyMutations.topologyId, topologyId), inArray(topologyMutations.status, ['pending', 'applying'])))
    .orderBy(asc(topologyMutations.resultVersion));
}

export async function snapshotOf(deps: AppDeps, idOrRow: string | TopologyRow): Promise<TopologySnapshot> {
  const t = await loadTopology(deps, idOrRow);
  const pending = await pendingMutations(deps, t.row.id);
  return {
    ...t.body,
    id: t.row.id,
    status: t.row.status,
    statusReason: t.row.statusReason,
    version: t.row.version,
    createdAt: iso(t.row.createdAtMs),
    updatedAt: iso(t.row.updatedAtMs),
    deckies: t.body.deckies.map((d) => {
      const row = t.rows.get(d.name)!;
      return { ...d, id: row.id, reported: toDeckyView(row).reported };
    }),
    pendingMutations: pending.map(toMutationView),
    isolated: t.row.isolated,
    appliedVersion: t.row.appliedVersion,
  };
}

export async function listTopologies(deps: AppDeps, hostId?: string): Promise<TopologyListItem[]> {
  const lanCount = deps.db.select({ n: sql<number>`count(*)` }).from(topologyLans).where(eq(topologyLans.topologyId, topologies.id));
  const deckyCount = deps.db.select({ n: sql<number>`count(*)` }).from(deckies).where(eq(deckies.topologyId, topologies.id));
  const pending = deps.db
    .select({ n: sql<number>`count(*)` })
    .from(topologyMutations)
    .where(and(eq(topologyMutations.topologyId, topologies.id), inArray(topologyMutations.status, ['pending', 'applying'])));
  const q = deps.db
    .select({ t: topologies, lanCount: sql<number>`(${lanCount})`, deckyCount: sql<number>`(${deckyCount})`, pending: sql<number>`(${pending})` })
    .from(topologies);
  const rows = await (hostId ? q.where(eq(topologies.hostId, hostId)) : q).orderBy(desc(topologies.createdAtMs), asc(topologies.name));
  return rows.map(({ t, lanCount: lans, deckyCount: n, pending: p }) => ({
    id: t.id,
    name: t.name,
    hostId: t.hostId,
    status: t.status,
    statusReason: t.statusReason,
    version: t.version,
    lanCount: Number(lans),
    deckyCount: Number(n),
    pendingMutations: Number(p),
    isolated: t.isolated,
    createdAt: iso(t.createdAtMs),
    updatedAt: iso(t.updatedAtMs),
  }));
}

export async function listMutations(deps: AppDeps, topologyId: string, limit = 200): Promise<TopologyMutation[]> {
  const rows = await deps.db.select().from(topologyMutations).where(eq(topologyMutations.topologyId, topologyId)).orderBy(desc(topologyMutations.resultVersion)).limit(limit);
  return rows.map(toMutationView);
}

export async function listStatusEvents(deps: AppDeps, topologyId: string): Promise<TopologyStatusEvent[]> {
  const rows = await deps.db.select().from(topologyStatusEvents).where(eq(topologyStatusEvents.topologyId, topologyId)).orderBy(asc(topologyStatusEvents.atMs), sql`rowid`).limit(1000);
  return rows.map(toStatusEventView);
}
