// Remote-control commands (issue 19): an admin asks a host's agent to restart/stop/start one of its
// workers, to rotate a decky now or to reset a high-interaction decky to its image (issue 18). The
// command is stored pending, rides in the host's desired state (its creation bumps the desired
// version, which wakes the agent's long-poll) until the agent acks it.
import { isHighInteraction, UNSTOPPABLE_WORKERS, type AgentAcks, type FleetCommand, type FleetCommandRequest, type FleetCommandView, type Heartbeat } from '@decnet/protocol';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { deckies, fleetCommands, hosts, type FleetCommandRow, type HostRow } from '../../db/schema';
import { inJsonList } from '../../db/in-json';
import { AppError } from '../../errors';
import { getHost } from '../hosts/manage';
import { bumpDesired } from '../hosts/desired-bump';

/** At most this many commands wait for one host at a time (the desired state carries 64). */
export const MAX_PENDING_COMMANDS = 32;

export function toCommandView(r: FleetCommandRow): FleetCommandView {
  return {
    id: r.id, hostId: r.hostId, kind: r.kind, target: r.target, action: r.action, status: r.status, error: r.error, result: r.result,
    createdAt: new Date(r.createdAtMs).toISOString(), ackedAt: r.ackedAtMs == null ? null : new Date(r.ackedAtMs).toISOString(),
  };
}

/** The worker names the host's agent reported in its last heartbeat (the only ones it can act on). */
export function reportedWorkers(host: HostRow): string[] {
  try {
    const hb = host.heartbeatJson ? (JSON.parse(host.heartbeatJson) as Heartbeat) : null;
    return hb?.workers.map((w) => w.name) ?? [];
  } catch {
    return [];
  }
}

export async function createCommand(deps: AppDeps, actorId: string, hostId: string, req: FleetCommandRequest): Promise<FleetCommandView> {
  const host = await getHost(deps, hostId);
  if (host.status !== 'active') throw new AppError('conflict', 'Host is not active (decommissioned or not enrolled)');
  let target: string;
  let action: string;
  if (req.kind === 'worker') {
    const known = reportedWorkers(host);
    if (!known.includes(req.worker)) {
      throw new AppError('validation_failed', `Unknown worker '${req.worker}' on this host${known.length ? ` (its agent runs: ${known.join(', ')})` : ' (its agent has not reported its workers yet)'}`, { worker: req.worker });
    }
    if (req.action === 'stop' && UNSTOPPABLE_WORKERS.includes(req.worker)) {
      throw new AppError('validation_failed', `The '${req.worker}' worker cannot be stopped remotely: it carries the control channel (restart it instead)`, { worker: req.worker });
    }
    [target, action] = [req.worker, req.action];
  } else {
    const d = await deps.db.select({ hostId: deckies.hostId, serviceConfigJson: deckies.serviceConfigJson }).from(deckies).where(eq(deckies.name, req.decky)).get();
    if (!d || d.hostId !== hostId) throw new AppError('validation_failed', `No decky named '${req.decky}' on this host`, { decky: req.decky });
    if (req.kind === 'reset_decky' && !isHighInteraction({ serviceConfig: parseServiceConfig(d.serviceConfigJson) })) {
      throw new AppError('validation_failed', `Decky '${req.decky}' is not high-interaction: only a high-interaction decky's container is reset to its image`, { decky: req.decky });
    }
    [target, action] = [req.decky, req.kind === 'rotate' ? 'rotate' : 'reset'];
  }
  const pending = await deps.db.select({ n: sql<number>`count(*)` }).from(fleetCommands).where(and(eq(fleetCommands.hostId, hostId), eq(fleetCommands.status, 'pending'))).get();
  if (Number(pending?.n ?? 0) >= MAX_PENDING_COMMANDS) throw new AppError('conflict', `This host already has ${MAX_PENDING_COMMANDS} commands waiting for its agent`);
  const row: FleetCommandRow = {
    id: crypto.randomUUID(), hostId, kind: req.kind, target, action, status: 'pending', error: null, result: null, createdBy: actorId, createdAtMs: deps.now(), ackedAtMs: null,
  };
  await deps.db.batch([
    deps.db.insert(fleetCommands).values(row),
    ...bumpDesired(deps, eq(hosts.id, hostId)),
  ]);
  return toCommandView(row);
}

export async function listCommands(deps: AppDeps, o: { hostId?: string; status?: FleetCommandRow['status']; limit: number }): Promise<FleetCommandView[]> {
  const rows = await deps.db
    .select()
    .from(fleetCommands)
    .where(and(o.hostId ? eq(fleetCommands.hostId, o.hostId) : undefined, o.status ? eq(fleetCommands.status, o.status) : undefined))
    .orderBy(desc(fleetCommands.createdAtMs), desc(fleetCommands.id))
    .limit(o.limit);
  return rows.map(toCommandView);
}

export async function getCommand(deps: AppDeps, id: string): Promise<FleetCommandView> {
  const row = await deps.db.select().from(fleetCommands).where(eq(fleetCommands.id, id)).get();
  if (!row) throw new AppError('not_found', 'Command not found');
  return toCommandView(row);
}

/** The host's pending commands as the desired state carries them, oldest first. */
export async function pendingCommands(deps: AppDeps, hostId: string): Promise<FleetCommand[]> {
  const rows = await deps.db
    .select()
    .from(fleetCommands)
    .where(and(eq(fleetCommands.hostId, hostId), eq(fleetCommands.status, 'pending')))
    .orderBy(asc(fleetCommands.createdAtMs), asc(fleetCommands.id))
    .limit(MAX_PENDING_COMMANDS);
  return rows.map((r): FleetCommand =>
    r.kind === 'worker' ? { id: r.id, kind: 'worker', worker: r.target, action: r.action as 'stop' | 'start' | 'restart' } : { id: r.id, kind: r.kind, decky: r.target },
  );
}

function parseServiceConfig(json: string): Record<string, Record<string, string>> {
  try {
    return JSON.parse(json) as Record<string, Record<string, string>>;
  } catch {
    return {};
  }
}

/** Records the agent's acks (only for its own pending commands: another host's ids are ignored). */
export async function recordAcks(deps: AppDeps, host: HostRow, body: AgentAcks): Promise<{ ok: true; recorded: number }> {
  const now = deps.now();
  let recorded = 0;
  const ids = body.acks.map((a) => a.id);
  const mine = ids.length
    ? new Set((await deps.db.select({ id: fleetCommands.id }).from(fleetCommands).where(and(eq(fleetCommands.hostId, host.id), eq(fleetCommands.status, 'pending'), inJsonList(fleetCommands.id, ids)))).map((r) => r.id))
    : new Set<string>();
  const updates = body.acks
    .filter((a) => mine.has(a.id))
    .map((a) => deps.db.update(fleetCommands).set({ status: a.ok ? 'done' : 'failed', error: a.ok ? null : (a.error ?? 'failed'), result: a.result ?? null, ackedAtMs: now }).where(and(eq(fleetCommands.id, a.id), eq(fleetCommands.status, 'pending'))));
  recorded = updates.length;
  const decommission = body.decommissioned && host.status === 'decommissioned' ? [deps.db.update(hosts).set({ decommissionAckedAtMs: now }).where(eq(hosts.id, host.id))] : [];
  const all = [...updates, ...decommission];
  if (all.length) await deps.db.batch(all as unknown as Parameters<AppDeps['db']['batch']>[0]);
  if (decommission.length) deps.logger.info('decommissioned agent confirmed teardown and forgot its identity', { hostId: host.id });
  return { ok: true, recorded };
}
