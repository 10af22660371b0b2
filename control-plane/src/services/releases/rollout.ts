// Rolling releases out (issue 19): push a published version to one host, a site or every active
// host (a new push id each, the previous version kept for rollback, the desired version bumped so a
// long-polling agent sees it at once), manual rollback, per-host progress, and the agents' reports.
import type { DesiredRelease, HostUpdateView, ReleasePush, UpdateStatusReport } from '@decnet/protocol';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { agentReleases, hostUpdates, hosts, type HostRow, type HostUpdateRow } from '../../db/schema';
import { inJsonList } from '../../db/in-json';
import { AppError } from '../../errors';
import { getReleaseRow } from './store';
import { bumpDesired } from '../hosts/desired-bump';

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
/** Phases after which the desired state stops carrying the release (the agent is done with it). */
const FINAL = new Set(['healthy', 'rolled_back', 'failed']);

async function targetHosts(deps: AppDeps, t: ReleasePush['target']): Promise<Pick<HostRow, 'id' | 'agentVersion'>[]> {
  const cols = { id: hosts.id, agentVersion: hosts.agentVersion };
  if (t.scope === 'host') {
    const h = await deps.db.select({ ...cols, status: hosts.status }).from(hosts).where(eq(hosts.id, t.hostId)).get();
    if (!h) throw new AppError('not_found', 'Host not found');
    if (h.status !== 'active') throw new AppError('conflict', 'Host is not active (decommissioned or not enrolled)');
    return [h];
  }
  const where = t.scope === 'site' ? and(eq(hosts.status, 'active'), eq(hosts.site, t.site)) : eq(hosts.status, 'active');
  const rows = await deps.db.select(cols).from(hosts).where(where).orderBy(asc(hosts.name));
  if (rows.length === 0) throw new AppError('validation_failed', t.scope === 'site' ? `No active host at site '${t.site}'` : 'No active host');
  return rows;
}

async function assign(deps: AppDeps, actorId: string, version: string, targets: { id: string; previous: string | null }[]): Promise<void> {
  const now = deps.now();
  const stmts = targets.flatMap((h) => {
    const row: HostUpdateRow = { hostId: h.id, pushId: crypto.randomUUID(), targetVersion: version, previousVersion: h.previous, phase: 'pending', reason: null, requestedBy: actorId, requestedAtMs: now, updatedAtMs: now };
    const { hostId: _h, ...set } = row;
    return [deps.db.insert(hostUpdates).values(row).onConflictDoUpdate({ target: hostUpdates.hostId, set })];
  });
  for (let i = 0; i < stmts.length; i += 50) await deps.db.batch(stmts.slice(i, i + 50) as unknown as Parameters<AppDeps['db']['batch']>[0]);
  // One JSON parameter for the ids (D1 allows 100 bound parameters).
  await deps.db.batch(bumpDesired(deps, inJsonList(hosts.id, targets.map((t) => t.id))));
}

export async function pushRelease(deps: AppDeps, actorId: string, req: ReleasePush): Promise<{ version: string; hosts: string[] }> {
  const r = await getReleaseRow(deps, req.version);
  if (r.status !== 'ready') throw new AppError('validation_failed', `Release ${req.version} is not published yet`);
  const targets = await targetHosts(deps, req.target);
  // The version a host runs now is what a rollback returns to (unless it already runs the target).
  const current = await currentRows(deps, targets.map((t) => t.id));
  await assign(deps, actorId, req.version, targets.map((t) => ({ id: t.id, previous: t.agentVersion === req.version ? (current.get(t.id)?.previousVersion ?? null) : t.agentVersion })));
  return { version: req.version, hosts: targets.map((t) => t.id) };
}

async function currentRows(deps: AppDeps, ids: string[]): Promise<Map<string, HostUpdateRow>> {
  const rows = ids.length ? await deps.db.select().from(hostUpdates).where(inJsonList(hostUpdates.hostId, ids)) : [];
  return new Map(rows.map((r) => [r.hostId, r]));
}

/** Sends a host back to the version it ran before its last push (a stored, published release). */
export async function rollbackHost(deps: AppDeps, actorId: string, hostId: string): Promise<HostUpdateView> {
  const [h] = await targetHosts(deps, { scope: 'host', hostId });
  const cur = (await currentRows(deps, [hostId])).get(hostId);
  const previous = cur?.previousVersion;
  if (!cur || !previous) throw new AppError('conflict', 'This host has no previous version to roll back to (no release was pushed to it)');
  const r = await deps.db.select({ status: agentReleases.status }).from(agentReleases).where(eq(agentReleases.version, previous)).get();
  if (r?.status !== 'ready') throw new AppError('conflict', `The previous version ${previous} is not a published release on this control plane: upload it, then push it`);
  await assign(deps, actorId, previous, [{ id: h!.id, previous: h!.agentVersion ?? cur.targetVersion }]);
  return (await listHostUpdates(deps, { hostId }))[0]!;
}

export async function listHostUpdates(deps: AppDeps, o: { hostId?: string; site?: string } = {}): Promise<HostUpdateView[]> {
  const rows = await deps.db
    .select({ h: hosts, u: hostUpdates })
    .from(hosts)
    .leftJoin(hostUpdates, eq(hostUpdates.hostId, hosts.id))
    .where(and(inArray(hosts.status, ['active']), o.hostId ? eq(hosts.id, o.hostId) : undefined, o.site ? eq(hosts.site, o.site) : undefined))
    .orderBy(asc(hosts.name))
    .limit(5000);
  return rows.map(({ h, u }) => ({
    hostId: h.id, hostName: h.name, site: h.site, runningVersion: h.agentVersion, targetVersion: u?.targetVersion ?? null, previousVersion: u?.previousVersion ?? null,
    phase: u?.phase ?? null, reason: u?.reason ?? null, requestedAt: iso(u?.requestedAtMs), updatedAt: iso(u?.updatedAtMs),
  }));
}

/** The agent's progress report: recorded only for the host's current push (a stale id is ignored). */
export async function recordUpdateStatus(deps: AppDeps, host: HostRow, rep: UpdateStatusReport): Promise<{ ok: true; recorded: boolean }> {
  const res = await deps.db
    .update(hostUpdates)
    .set({ phase: rep.phase, reason: rep.reason ?? null, updatedAtMs: deps.now() })
    .where(and(eq(hostUpdates.hostId, host.id), eq(hostUpdates.pushId, rep.id), eq(hostUpdates.targetVersion, rep.version)))
    .returning({ h: hostUpdates.hostId });
  if (res.length) deps.logger.info('agent update status', { hostId: host.id, version: rep.version, phase: rep.phase, ...(rep.reason && { reason: rep.reason.slice(0, 200) }) });
  return { ok: true, recorded: res.length > 0 };
}

/** The desired state's `release`: the host's current push until the agent reported it done. */
export async function desiredRelease(deps: AppDeps, hostId: string): Promise<DesiredRelease | undefined> {
  const u = await deps.db.select().from(hostUpdates).where(eq(hostUpdates.hostId, hostId)).get();
  if (!u || FINAL.has(u.phase)) return undefined;
  const r = await deps.db.select().from(agentReleases).where(eq(agentReleases.version, u.targetVersion)).get();
  if (!r || r.status !== 'ready' || !r.signature) return undefined;
  return { id: u.pushId, version: r.version, sha256: r.sha256, size: r.size, signature: r.signature, url: `/agent/v1/releases/${encodeURIComponent(r.version)}/bundle` };
}
