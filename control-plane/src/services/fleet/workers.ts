// Worker health per host (issue 19), derived from each host's last heartbeat: a worker is ok when it
// was heard within 90 s, stale when older, unknown when never reported; with its reported status,
// supervisor state, restarts and last error, and whether the agent's bus client is connected.
import { workerLiveness, type Heartbeat, type HostWorkers } from '@decnet/protocol';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { fleetCommands, hosts, type HostRow } from '../../db/schema';
import { hostLiveness } from '../hosts/view';

/** The workers every enrolled agent runs: reported as unknown until its heartbeat names them. */
export const EXPECTED_WORKERS = ['bus', 'ingest', 'mutator', 'uplink', 'heartbeat', 'desired-state'] as const;

export function hostWorkersView(h: HostRow, pendingCommands: number, nowMs: number): HostWorkers {
  let hb: Heartbeat | null = null;
  try {
    hb = h.heartbeatJson ? (JSON.parse(h.heartbeatJson) as Heartbeat) : null;
  } catch {
    hb = null;
  }
  const reportedAtMs = h.lastHeartbeatAtMs;
  const reported = new Map((hb?.workers ?? []).map((w) => [w.name, w]));
  const names = [...new Set([...EXPECTED_WORKERS, ...reported.keys()])];
  const workers = names.map((name) => {
    const w = reported.get(name);
    if (!w || reportedAtMs == null) return { name, liveness: 'unknown' as const, status: null, state: null, restarts: null, lastError: null, lastSeenAt: null };
    // The agent's own "last seen", capped at the heartbeat's arrival (an agent clock ahead of ours never makes it fresher).
    const agentSeen = Date.parse(w.lastSeenTs);
    const seenMs = Math.min(reportedAtMs, Number.isFinite(agentSeen) ? agentSeen : reportedAtMs);
    return {
      name,
      liveness: workerLiveness(seenMs, nowMs),
      status: w.status,
      state: w.state ?? null,
      restarts: w.restarts ?? null,
      lastError: w.message ?? null,
      lastSeenAt: new Date(seenMs).toISOString(),
    };
  });
  return {
    hostId: h.id,
    hostName: h.name,
    site: h.site ?? null,
    hostStatus: hostLiveness(h, nowMs),
    busConnected: hb?.bus ? hb.bus.connected : null,
    reportedAt: reportedAtMs == null ? null : new Date(reportedAtMs).toISOString(),
    workers,
    pendingCommands,
  };
}

export async function listHostWorkers(deps: AppDeps, o: { site?: string; hostId?: string } = {}): Promise<HostWorkers[]> {
  const rows = await deps.db
    .select()
    .from(hosts)
    .where(and(ne(hosts.status, 'decommissioned'), o.site ? eq(hosts.site, o.site) : undefined, o.hostId ? eq(hosts.id, o.hostId) : undefined))
    .orderBy(asc(hosts.site), asc(hosts.name));
  const pending = await deps.db
    .select({ hostId: fleetCommands.hostId, n: sql<number>`count(*)` })
    .from(fleetCommands)
    .where(eq(fleetCommands.status, 'pending'))
    .groupBy(fleetCommands.hostId);
  const byHost = new Map(pending.map((p) => [p.hostId, Number(p.n)]));
  const now = deps.now();
  return rows.map((h) => hostWorkersView(h, byHost.get(h.id) ?? 0, now));
}
