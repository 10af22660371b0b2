// What `npm start` lists per decky: its state, address and services with ports, from the agent's
// runtime (local: the runners' bound endpoints; docker: each base container's LAN address).
import { templateFor } from '@decnet/templates';
import type { Agent } from '../host-agent/src/agent/agent';
import { listManaged } from '../host-agent/src/runtime/docker/apply-fleet';
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
