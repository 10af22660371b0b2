// Live mutations: a batch of ops made against a version. Stale version → 409 with the current one.
// The ops are applied to the stored body (protocol's applyTopologyOps, live rules included) and the
// result validated in full; only then, in one batch, the body is rewritten, the version bumped and
// the mutation row inserted. The unique (topology, resultVersion) index makes the loser of two
// concurrent batches fail as a whole, so a refused request leaves nothing behind.
import { applyTopologyOps, isLiveStatus, type TopologyMutationAccepted, type TopologyMutationRequest } from '@decnet/protocol';
import { and, eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { topologies, topologyMutations } from '../../db/schema';
import { AppError } from '../../errors';
import { checkBody, DESIRED_STATUSES, issuesError } from './checks';
import { runWrite } from './create';
import { bumpHostStatements } from './status';
import { getTopologyRow, loadTopology, writeBodyStatements, type Stmt } from './store';
import { toMutationView } from './view';

function stale(current: number): AppError {
  return new AppError('conflict', `The topology changed since version you edited (now at version ${current}): reload and re-apply your changes`, { currentVersion: current });
}

/** `actor`: the signed-in user's name, kept with the mutation for its history. */
export async function mutateTopology(deps: AppDeps, id: string, req: TopologyMutationRequest, actor: string | null = null): Promise<TopologyMutationAccepted> {
  const t = await loadTopology(deps, id);
  if (t.row.version !== req.version) throw stale(t.row.version);
  if (t.row.status === 'tearing_down') throw new AppError('conflict', `Topology '${t.row.name}' is being torn down`, { status: t.row.status });
  const applied = applyTopologyOps(t.body, req.ops, { live: isLiveStatus(t.row.status) });
  if (applied.issues.length) throw issuesError(applied.issues);
  const inDesired = (DESIRED_STATUSES as readonly string[]).includes(t.row.status);
  const body = await checkBody(deps, applied.body, t.row.id, { requireDmz: inDesired });

  const now = deps.now();
  const next = req.version + 1;
  const mutationId = crypto.randomUUID();
  const row = {
    id: mutationId,
    topologyId: id,
    opsJson: JSON.stringify(req.ops),
    trigger: req.trigger,
    actor,
    baseVersion: req.version,
    resultVersion: next,
    // Nothing runs for a topology outside the desired state: the edit is applied as stored.
    status: inDesired ? ('pending' as const) : ('applied' as const),
    error: null,
    affectedJson: JSON.stringify(applied.affected),
    createdAtMs: now,
    appliedAtMs: inDesired ? null : now,
  };
  const stmts: Stmt[] = [
    // Conditional on the version: a concurrent batch that won leaves this one matching nothing, and
    // the mutation insert below then collides on (topology, resultVersion) and rolls it all back.
    deps.db.update(topologies).set({ version: next, updatedAtMs: now }).where(and(eq(topologies.id, id), eq(topologies.version, req.version))),
    deps.db.insert(topologyMutations).values(row),
    ...writeBodyStatements(deps, id, body, t.rows, now),
    ...(inDesired ? bumpHostStatements(deps, t.row.hostId) : []),
  ];
  try {
    await runWrite('Mutation', () => deps.db.batch(stmts as unknown as Parameters<AppDeps['db']['batch']>[0]));
  } catch (e) {
    const current = (await getTopologyRow(deps, id)).version;
    if (current !== req.version) throw stale(current);
    throw e;
  }
  return { mutation: toMutationView(row), version: next };
}

