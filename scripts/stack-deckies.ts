// What `npm start` lists per decky (its state, address and services with ports, from the agent's
// runtime: local runners' bound endpoints, docker base containers' LAN addresses), and the removal of
// exactly the docker deckies a start ran when it stops.
import { templateFor } from '@decnet/templates';
import type { Agent } from '../host-agent/src/agent/agent';
import { listManaged } from '../host-agent/src/runtime/docker/apply-fleet';
import { isNotFound } from '../host-agent/src/runtime/docker/macvlan-network';
import type { DockerRuntime } from '../host-agent/src/runtime/docker/index';
import type { DeckyListing } from './banner';

export async function listDeckies(agent: Agent, docker: DockerRuntime | undefined): Promise<DeckyListing[]> {
  const status = agent.status().desiredState;
  const reports = [...(status?.deckies ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  if (docker) {
    const bases = (await listManaged(docker.docker, docker.options)).filter((o) => o.role === 'base');
    return reports.map((r) => {
      const ip = bases.find((b) => b.decky === r.name)?.ip;
      return {
        name: r.name,
        state: r.state,
        ...(ip && { address: ip }),
        // In a container every service has its own network namespace's real port.
        services: r.services.map((s) => ({ service: s, port: templateFor(s)?.defaultPorts[0] ?? 0 })),
      };
    });
  }
  const endpoints = status?.endpoints ?? [];
  return reports.map((r) => {
    const mine = endpoints.filter((e) => e.decky === r.name);
    return {
      name: r.name,
      state: r.state,
      ...(mine[0] && { address: mine[0].host }),
      services: r.services.map((s) => {
        const e = mine.find((x) => x.service === s);
        return e ? { service: s, port: e.port, ...(e.mapped && { wantedPort: e.wantedPort }) } : { service: s, port: 0 };
      }),
    };
  });
}

/**
 * Removes the containers of `names` (base and services) and then the decky network when nothing uses
 * it any more. Other deckies under the same label (another agent's) are left alone. Call it after the
 * agent stopped, or its runtime would converge them back.
 */
export async function removeDockerDeckies(docker: DockerRuntime, names: readonly string[], warn: (m: string) => void): Promise<number> {
  const mine = (await listManaged(docker.docker, docker.options)).filter((o) => o.decky !== undefined && names.includes(o.decky));
  // Services containers first: each runs in its base container's network namespace.
  const order = [...mine.filter((o) => o.role !== 'base'), ...mine.filter((o) => o.role === 'base')];
  for (const o of order) {
    await docker.docker.getContainer(o.id).remove({ force: true, v: true }).catch((e: unknown) => {
      if (!isNotFound(e)) warn(`remove ${o.name}: ${(e as Error).message}`);
    });
  }
  try {
    const net = docker.docker.getNetwork(docker.options.network.name);
    const info = (await net.inspect()) as { Containers?: Record<string, unknown> };
    if (Object.keys(info.Containers ?? {}).length === 0) await net.remove();
  } catch (e) {
    if (!isNotFound(e)) warn(`network ${docker.options.network.name}: ${(e as Error).message}`);
  }
  return mine.length;
}
