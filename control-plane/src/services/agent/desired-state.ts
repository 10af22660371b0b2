// Desired state for one host, long-polled: the answer comes as soon as the host's desired version
// differs from what the agent already has, or after `waitS`. Stateless: it polls the database, so
// any instance can serve any agent (Node: the instance's shared poller; Workers: each request).
import type { DeckySpec, DesiredStateResponse } from '@decnet/protocol';
import { asc, eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { deckies, hosts, type DeckyRow, type HostRow } from '../../db/schema';
import { desiredTopologies } from '../topologies/desired';
import { BAIT_CONFIG_KEY, baitFilesFor } from '../canaries/plant';
import { decommissionAnswer, fleetControlFields } from '../fleet/desired';
import { pendingSelftest } from '../realism/realism';
import { desiredRelease } from '../releases/rollout';
import { desiredPollerFor } from './desired-poller';

export const DESIRED_STATE_POLL_MS = 500;
export const DESIRED_STATE_MAX_WAIT_S = 25;

export function deckyRowToSpec(d: DeckyRow): DeckySpec {
  return {
    name: d.name,
    services: JSON.parse(d.servicesJson) as string[],
    serviceConfig: JSON.parse(d.serviceConfigJson) as Record<string, Record<string, string>>,
    ...(d.archetype ? { archetype: d.archetype } : {}),
    ...(d.nmapOs ? { nmapOs: d.nmapOs } : {}),
    ...(d.mutateIntervalMin != null ? { mutateIntervalMin: d.mutateIntervalMin } : {}),
    ...(d.ip ? { ip: d.ip } : {}),
  } as DeckySpec;
}

export async function desiredState(
  deps: AppDeps,
  host: HostRow,
  sinceVersion: number | undefined,
  waitS: number,
  signal?: AbortSignal,
): Promise<DesiredStateResponse> {
  const deadline = deps.now() + Math.min(waitS, DESIRED_STATE_MAX_WAIT_S) * 1000;
  let version = host.desiredVersion;
  let prober = host.proberEnabled ?? null;
  let status = host.status;
  const held = status === 'active' && sinceVersion !== undefined && version === sinceVersion;
  // One poller per instance serves every held poll (a request can wake another's); on Workers a
  // request cannot, so each held poll reads its own host (sharedLiveFeed says which).
  if (held && deps.sharedLiveFeed && !signal?.aborted) {
    const h = await desiredPollerFor(deps).wait(host.id, version, Math.max(0, deadline - deps.now()), signal);
    if (h) ({ version, prober, status } = h);
  }
  while (!deps.sharedLiveFeed && held && version === sinceVersion && status === 'active' && deps.now() < deadline && !signal?.aborted) {
    await new Promise((r) => setTimeout(r, DESIRED_STATE_POLL_MS));
    const row = await deps.db.select({ v: hosts.desiredVersion, prober: hosts.proberEnabled, status: hosts.status }).from(hosts).where(eq(hosts.id, host.id)).get();
    version = row?.v ?? version;
    prober = row ? row.prober ?? null : prober;
    status = row?.status ?? status;
  }
  if (status === 'decommissioned') return decommissionAnswer(version);
  const rows = await deps.db.select().from(deckies).where(eq(deckies.hostId, host.id)).orderBy(asc(deckies.name));
  // Topology deckies run only while their topology is deployed; the LANs travel in `topologies`.
  const topo = await desiredTopologies(deps, host.id);
  const running = rows.filter((d) => !d.topologyId || topo.deployed.has(d.topologyId));
  // Planted canary files ride along as the reserved `canaries` service-config entry (path -> content).
  const bait = await baitFilesFor(deps, running.map((d) => d.name));
  const control = await fleetControlFields(deps, host.id);
  const selftest = await pendingSelftest(deps, host.id);
  const release = await desiredRelease(deps, host.id);
  const specs = running.map((d) => {
    const spec = control.withRotation(deckyRowToSpec(d));
    const files = bait.get(d.name);
    return files ? { ...spec, serviceConfig: { ...spec.serviceConfig, [BAIT_CONFIG_KEY]: files } } : spec;
  });
  return {
    version,
    deckies: specs,
    ...(topo.topologies.length ? { topologies: topo.topologies } : {}),
    // The per-host prober switch; absent (null) leaves the agent's own config in charge.
    ...(prober != null ? { prober: { enabled: prober } } : {}),
    ...control.fields,
    // Realism self-test asked by an admin (issue 17), until the agent uploads its reports.
    ...(selftest ? { selftest } : {}),
    // The agent release to run (issue 19) until the agent reported the push done.
    ...(release ? { release } : {}),
  };
}
