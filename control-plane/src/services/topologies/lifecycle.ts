// Deploy, teardown and delete. Deploy validates the stored body in full (a DMZ is required) and puts
// the topology's deckies and LANs into its host's desired state; teardown takes them out (torn_down
// once the agent reports it); delete is for topologies that run nothing.
import type { TopologySnapshot } from '@decnet/protocol';
import { and, eq, inArray } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { deckies, topologies, topologyEdges, topologyLans, topologyMutations, topologyStatusEvents } from '../../db/schema';
import { AppError } from '../../errors';
import { checkBody } from './checks';
import { bumpHostStatements, transitionStatements } from './status';
import { loadTopology, type Stmt } from './store';
import { snapshotOf } from './view';

const batch = (deps: AppDeps, stmts: Stmt[]) => deps.db.batch(stmts as unknown as Parameters<AppDeps['db']['batch']>[0]);

export async function deployTopology(deps: AppDeps, id: string): Promise<TopologySnapshot> {
  const t = await loadTopology(deps, id);
  if (!['pending', 'torn_down', 'failed'].includes(t.row.status)) {
    throw new AppError('conflict', `Topology '${t.row.name}' is ${t.row.status}: only a pending, failed or torn-down topology can be deployed`, { status: t.row.status });
  }
  await checkBody(deps, t.body, t.row.id, { requireDmz: true });
  if (t.body.deckies.length === 0) throw new AppError('validation_failed', `Topology '${t.row.name}' has no deckies to deploy`, { issues: [{ field: 'deckies', message: 'no deckies', objects: [] }] });
  const now = deps.now();
  await batch(deps, [...transitionStatements(deps, t.row, 'deploying', null, now, { deployedAtMs: now }), ...bumpHostStatements(deps, t.row.hostId)]);
  return snapshotOf(deps, id);
}

export async function teardownTopology(deps: AppDeps, id: string): Promise<TopologySnapshot> {
  const t = await loadTopology(deps, id);
  if (t.row.status === 'tearing_down' || t.row.status === 'torn_down') return snapshotOf(deps, t.row);
  if (t.row.status === 'pending') throw new AppError('conflict', `Topology '${t.row.name}' was never deployed: delete it instead`, { status: t.row.status });
  const now = deps.now();
  await batch(deps, [
    ...transitionStatements(deps, t.row, 'tearing_down', null, now),
    // What was queued will never be realised now.
    deps.db.update(topologyMutations).set({ status: 'failed', error: 'topology torn down' }).where(and(eq(topologyMutations.topologyId, id), inArray(topologyMutations.status, ['pending', 'applying']))),
    ...bumpHostStatements(deps, t.row.hostId),
  ]);
  return snapshotOf(deps, id);
}

export async function deleteTopology(deps: AppDeps, id: string): Promise<void> {
  const t = await loadTopology(deps, id);
  if (t.row.status !== 'pending' && t.row.status !== 'torn_down') {
    throw new AppError('conflict', `Topology '${t.row.name}' is ${t.row.status}: tear it down before deleting it`, { status: t.row.status });
  }
  await batch(deps, [
    deps.db.delete(topologyEdges).where(eq(topologyEdges.topologyId, id)),
    deps.db.delete(deckies).where(eq(deckies.topologyId, id)),
    deps.db.delete(topologyLans).where(eq(topologyLans.topologyId, id)),
    deps.db.delete(topologyMutations).where(eq(topologyMutations.topologyId, id)),
    deps.db.delete(topologyStatusEvents).where(eq(topologyStatusEvents.topologyId, id)),
    deps.db.delete(topologies).where(eq(topologies.id, id)),
  ]);
}
