// Fleet and per-host settings (issue 19): the fleet-wide default rotation interval, and per host a
// site label, a deployment limit and a rotation-interval override. A change that the agent must see
// bumps the desired version of the hosts it concerns.
import type { FleetSettings, HostSettingsUpdate } from '@decnet/protocol';
import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { deckies, fleetSettings, hosts, topologies, type HostRow } from '../../db/schema';
import { AppError } from '../../errors';
import { getHost } from '../hosts/manage';
import { toHostView, type HostView } from '../hosts/view';
import { DESIRED_STATUSES } from '../topologies/checks';
import { bumpDesired } from '../hosts/desired-bump';

const ROTATION_KEY = 'default_rotation_interval_min';

export async function getFleetSettings(deps: AppDeps): Promise<FleetSettings> {
  const row = await deps.db.select().from(fleetSettings).where(eq(fleetSettings.key, ROTATION_KEY)).get();
  const n = row ? Number(row.value) : NaN;
  return { defaultRotationIntervalMin: Number.isInteger(n) && n > 0 ? n : null };
}

export async function setFleetSettings(deps: AppDeps, s: FleetSettings): Promise<FleetSettings> {
  const before = await getFleetSettings(deps);
  if (before.defaultRotationIntervalMin === s.defaultRotationIntervalMin) return before;
  const now = deps.now();
  const write =
    s.defaultRotationIntervalMin === null
      ? deps.db.delete(fleetSettings).where(eq(fleetSettings.key, ROTATION_KEY))
      : deps.db.insert(fleetSettings).values({ key: ROTATION_KEY, value: String(s.defaultRotationIntervalMin), updatedAtMs: now }).onConflictDoUpdate({ target: fleetSettings.key, set: { value: String(s.defaultRotationIntervalMin), updatedAtMs: now } });
  // Hosts with their own override do not change; every other active host is told.
  await deps.db.batch([
    write,
    ...bumpDesired(deps, and(eq(hosts.status, 'active'), isNull(hosts.rotationIntervalMin))),
  ]);
  return getFleetSettings(deps);
}

/** The interval a decky without its own gets on this host: the host's override, else the fleet default. */
export async function effectiveRotationMin(deps: AppDeps, host: Pick<HostRow, 'rotationIntervalMin'>): Promise<number | null> {
  return host.rotationIntervalMin ?? (await getFleetSettings(deps)).defaultRotationIntervalMin;
}

export async function updateHostSettings(deps: AppDeps, id: string, u: HostSettingsUpdate): Promise<HostView> {
  const host = await getHost(deps, id);
  if (host.status === 'decommissioned') throw new AppError('conflict', 'Host is decommissioned');
  const set: Partial<HostRow> = {};
  if (u.site !== undefined) set.site = u.site === null ? null : u.site.trim();
  if (u.maxDeckies !== undefined) set.maxDeckies = u.maxDeckies;
  if (u.rotationIntervalMin !== undefined) set.rotationIntervalMin = u.rotationIntervalMin;
  if (Object.keys(set).length === 0) return toHostView(host, deps.now());
  const rotationChanged = u.rotationIntervalMin !== undefined && u.rotationIntervalMin !== host.rotationIntervalMin;
  if (!rotationChanged) {
    const [row] = await deps.db.update(hosts).set(set).where(eq(hosts.id, id)).returning();
    return toHostView(row!, deps.now());
  }
  const [update, generation] = bumpDesired(deps, eq(hosts.id, id), set);
  const [[row]] = await deps.db.batch([update.returning(), generation]);
  return toHostView(row!, deps.now());
}

/**
 * Deployment limit: refuses (422) a write that would leave more than `maxDeckies` deckies running on
 * the host: its standalone deckies and those of its deployed topologies (topology writes are checked
 * against the same limit in topologies/checks). `adding` are the names being written there,
 * `removing` the host's deckies the write removes.
 */
export async function assertHostCapacity(deps: AppDeps, hostId: string, adding: readonly string[], removing: readonly string[] = []): Promise<void> {
  const host = await deps.db.select({ max: hosts.maxDeckies }).from(hosts).where(eq(hosts.id, hostId)).get();
  if (host?.max == null) return;
  const onHost = (
    await deps.db
      .select({ name: deckies.name })
      .from(deckies)
      .leftJoin(topologies, eq(topologies.id, deckies.topologyId))
      .where(and(eq(deckies.hostId, hostId), or(isNull(deckies.topologyId), inArray(topologies.status, [...DESIRED_STATUSES]))))
  ).map((d) => d.name);
  const after = new Set([...onHost.filter((n) => !removing.includes(n)), ...adding]);
  if (after.size > host.max) {
    throw new AppError('validation_failed', `Deployment limit: this host may run at most ${host.max} deckies (this would make ${after.size})`, { maxDeckies: host.max, wouldHave: after.size });
  }
}

/** Distinct site labels of the hosts that are not decommissioned, sorted. */
export async function listSites(deps: AppDeps): Promise<string[]> {
  const rows = await deps.db.selectDistinct({ site: hosts.site }).from(hosts).where(ne(hosts.status, 'decommissioned'));
  return rows.map((r) => r.site).filter((s): s is string => !!s).sort();
}
