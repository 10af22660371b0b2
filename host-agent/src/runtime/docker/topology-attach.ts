// A topology decky's LANs on its live base container: docker network connect/disconnect (no recreate,
// the services container shares the base's netns and sees the change), then its routes.
import type Dockerode from 'dockerode';
import type { MemberPlan } from './topology-plan';
import { dropRoutesTo, reconcileRoutes } from './topology-routes';

export interface AttachResult {
  connected: string[];
  disconnected: string[];
  /** The base's pid: its netns now has the member's LANs and routes (a restart gives a new one). */
  pid: number;
}

export async function reconcileMember(docker: Dockerode, baseId: string, m: MemberPlan): Promise<AttachResult> {
  const c = docker.getContainer(baseId);
  const info = await c.inspect();
  const pid = info.State.Pid;
  if (!info.State.Running || !pid) throw new Error(`base container of ${m.decky} is not running`);
  const current = info.NetworkSettings.Networks ?? {};
  const want = new Map(m.homes.map((h) => [h.network, h]));
  const out: AttachResult = { connected: [], disconnected: [], pid };
  for (const [name, ep] of Object.entries(current)) {
    if (want.get(name)?.ip === ep.IPAddress) continue;
    await docker.getNetwork(name).disconnect({ Container: baseId, Force: true });
    out.disconnected.push(name);
  }
  for (const h of m.homes) {
    if (current[h.network]?.IPAddress === h.ip) continue;
    await dropRoutesTo(pid, h.subnet);
    await docker.getNetwork(h.network).connect({ Container: baseId, EndpointConfig: { IPAMConfig: { IPv4Address: h.ip } } });
    out.connected.push(h.network);
  }
  await reconcileRoutes(pid, m.routes, m.managedDsts);
  return out;
}
