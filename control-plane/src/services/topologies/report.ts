// The agent's per-topology reports (heartbeat.topologies): mutations up to the applied version
// become `applied` (each with one `decky_mutated` event per affected decky in the event stream),
// a failed/degraded report fails what is still pending and degrades the topology with the reason,
// an active report at the current version makes it active, and a topology being torn down is
// torn_down once the agent says so or none of its deckies is reported any more. An agent without
// topology support counts as having realised a topology once all of its deckies run (flat).
import { formatRfc5424, type Heartbeat, type ServiceEvent, type TopologyMutationOp, type TopologyReport } from '@decnet/protocol';
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { deckies, topologies, topologyMutations, type HostRow, type TopologyMutationRow, type TopologyRow } from '../../db/schema';
import { ingestEvents } from '../agent/ingest-events';
import { DESIRED_STATUSES } from './checks';
import { transitionStatements } from './status';
import type { Stmt } from './store';

/** The service and MSGID of the events a mutation leaves on each decky it touched. */
export const MUTATOR_SERVICE = 'mutator';
export const DECKY_MUTATED = 'decky_mutated';

export function mutationEvents(t: TopologyRow, m: TopologyMutationRow, at: number): ServiceEvent[] {
  const ops = JSON.parse(m.opsJson) as TopologyMutationOp[];
  const affected = JSON.parse(m.affectedJson) as string[][];
  const ts = new Date(at).toISOString();
  const out: ServiceEvent[] = [];
  ops.forEach((op, i) => {
    for (const decky of new Set(affected[i] ?? [])) {
      const fields = { topology: t.name, op: op.op, trigger: m.trigger, mutation_id: m.id };
      const msg = `topology ${t.name}: ${op.op} applied (version ${m.resultVersion})`;
      const raw = formatRfc5424({ hostname: decky, appName: MUTATOR_SERVICE, msgid: DECKY_MUTATED, timestamp: ts, params: fields, msg });
      out.push({ id: `mut-${m.id}-${i}-${decky}`.slice(0, 128), ts, decky, service: MUTATOR_SERVICE, eventType: DECKY_MUTATED, fields, msg, raw });
    }
  });
  return out;
}

/**
 * An agent that knows nothing of topologies (no `topologies` in its heartbeat) still runs their
 * deckies flat: once every one of them runs, the current version counts as realised, without isolation.
 */
async function flatReport(deps: AppDeps, t: TopologyRow, hb: Heartbeat): Promise<TopologyReport | undefined> {
  const names = (await deps.db.select({ name: deckies.name }).from(deckies).where(eq(deckies.topologyId, t.id))).map((d) => d.name);
  const running = new Set(hb.deckies.filter((d) => d.state === 'running').map((d) => d.name));
  return names.length && names.every((n) => running.has(n)) ? { id: t.id, appliedVersion: t.version, state: 'active', isolated: false } : undefined;
}

export async function applyTopologyReports(deps: AppDeps, host: HostRow, hb: Heartbeat): Promise<void> {
  const rows = await deps.db
    .select()
    .from(topologies)
    .where(and(eq(topologies.hostId, host.id), inArray(topologies.status, [...DESIRED_STATUSES, 'tearing_down'])));
  if (rows.length === 0) return;
  const reports = new Map((hb.topologies ?? []).map((r) => [r.id, r]));
  const now = deps.now();
  const stmts: Stmt[] = [];
  const events: ServiceEvent[] = [];
  for (const t of rows) {
    const r = reports.get(t.id);
    if (t.status === 'tearing_down') {
      const names = (await deps.db.select({ name: deckies.name }).from(deckies).where(eq(deckies.topologyId, t.id))).map((d) => d.name);
      const reported = new Set(hb.deckies.map((d) => d.name));
      if (r?.state === 'torn_down' || !names.some((n) => reported.has(n))) stmts.push(...transitionStatements(deps, t, 'torn_down', null, now, { appliedVersion: r?.appliedVersion ?? t.appliedVersion }));
      continue;
    }
    const rep = r ?? (hb.topologies === undefined ? await flatReport(deps, t, hb) : undefined);
    if (!rep || rep.state === 'torn_down') continue;
    stmts.push(deps.db.update(topologies).set({ appliedVersion: rep.appliedVersion, isolated: rep.isolated }).where(eq(topologies.id, t.id)));
    const open = await deps.db
      .select()
      .from(topologyMutations)
      .where(and(eq(topologyMutations.topologyId, t.id), inArray(topologyMutations.status, ['pending', 'applying'])))
      .orderBy(asc(topologyMutations.resultVersion));
    const done = open.filter((m) => m.resultVersion <= rep.appliedVersion);
    if (done.length) {
      stmts.push(
        deps.db
          .update(topologyMutations)
          .set({ status: 'applied', appliedAtMs: now })
          .where(and(eq(topologyMutations.topologyId, t.id), inArray(topologyMutations.status, ['pending', 'applying']), lte(topologyMutations.resultVersion, rep.appliedVersion))),
      );
      for (const m of done) events.push(...mutationEvents(t, m, now));
    }
    if (rep.state === 'failed' || rep.state === 'degraded') {
      const reason = (rep.error ?? `agent reported ${rep.state}`).slice(0, 2048);
      const failed = open.filter((m) => m.resultVersion > rep.appliedVersion).map((m) => m.id);
      if (failed.length) stmts.push(deps.db.update(topologyMutations).set({ status: 'failed', error: reason }).where(inArray(topologyMutations.id, failed)));
      stmts.push(...transitionStatements(deps, t, t.status === 'deploying' && rep.state === 'failed' ? 'failed' : 'degraded', reason, now));
    } else if (rep.appliedVersion >= t.version) {
      stmts.push(...transitionStatements(deps, t, 'active', null, now));
    }
  }
  // Events first: ingest is idempotent on the id, so if the batch below fails the next heartbeat
  // redoes both without doubling an event.
  if (events.length) await ingestEvents(deps, host, events);
  if (stmts.length) await deps.db.batch(stmts as unknown as Parameters<AppDeps['db']['batch']>[0]);
}
