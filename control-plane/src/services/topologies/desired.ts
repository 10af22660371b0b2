// The topology part of a host's desired state: deployed topologies (their LANs and who sits where)
// and which topology deckies belong on the host at all (those of deployed topologies). Serving a
// version marks its pending mutations `applying`.
import type { DesiredTopology } from '@decnet/protocol';
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { deckies, topologies, topologyEdges, topologyLans, topologyMutations } from '../../db/schema';
import { DESIRED_STATUSES } from './checks';

export interface HostTopologies {
  topologies: DesiredTopology[];
  /** Ids of topologies whose deckies the host should run. */
  deployed: Set<string>;
}

export async function desiredTopologies(deps: AppDeps, hostId: string): Promise<HostTopologies> {
  const rows = await deps.db
    .select()
    .from(topologies)
    .where(and(eq(topologies.hostId, hostId), inArray(topologies.status, [...DESIRED_STATUSES])))
    .orderBy(asc(topologies.name));
  if (rows.length === 0) return { topologies: [], deployed: new Set() };
  const ids = rows.map((r) => r.id);
  const [lans, edges, members] = await deps.db.batch([
    deps.db.select().from(topologyLans).where(inArray(topologyLans.topologyId, ids)).orderBy(asc(topologyLans.ord)),
    deps.db.select().from(topologyEdges).where(inArray(topologyEdges.topologyId, ids)).orderBy(asc(topologyEdges.ord)),
    deps.db.select({ id: deckies.id, name: deckies.name, forwards: deckies.forwards, topologyId: deckies.topologyId }).from(deckies).where(inArray(deckies.topologyId, ids)).orderBy(asc(deckies.name)),
  ]);
  const homes = new Map<string, { lan: string; ip: string }[]>();
  for (const e of edges) homes.set(e.deckyId, [...(homes.get(e.deckyId) ?? []), { lan: e.lan, ip: e.ip }]);
  const out = rows.map((t) => ({
    id: t.id,
    name: t.name,
    version: t.version,
    lans: lans.filter((l) => l.topologyId === t.id).map((l) => ({ name: l.name, subnet: l.subnet, dmz: l.dmz })),
    members: members
      .filter((m) => m.topologyId === t.id && (homes.get(m.id)?.length ?? 0) > 0)
      .map((m) => ({ decky: m.name, homes: homes.get(m.id)!, forwards: m.forwards })),
  }));
  // What the agent is about to realise is now `applying`.
  await deps.db.batch(
    rows.map((t) =>
      deps.db
        .update(topologyMutations)
        .set({ status: 'applying' })
        .where(and(eq(topologyMutations.topologyId, t.id), eq(topologyMutations.status, 'pending'), lte(topologyMutations.resultVersion, t.version))),
    ) as unknown as Parameters<AppDeps['db']['batch']>[0],
  );
  return { topologies: out, deployed: new Set(ids) };
}
