// The single-host product: the control plane on Node with a local libSQL file (which also serves the
// dashboard), and a host agent in the same process that enrolls itself once and runs the fleet on
// the local or docker runtime. Used by `npm start`, the browser tests and the start-up benchmark.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { startControlPlane, type RunningControlPlane } from '../control-plane/src/runtime/node';
import { deckies } from '../control-plane/src/db/schema';
import { createEnrollmentToken } from '../control-plane/src/services/hosts/enrollment-token';
import { deployIni } from '../control-plane/src/services/deckies/deploy-ini';
import { generateAndCreate } from '../control-plane/src/services/topologies/create';
import { deployTopology } from '../control-plane/src/services/topologies/lifecycle';
import { TopologyGenerateParamsSchema, type TopologyGenerateParams } from '@decnet/protocol';
import { Agent } from '../host-agent/src/agent/agent';
import { loadConfigIfExists, parseConfig } from '../host-agent/src/config/load';
import type { AgentConfig } from '../host-agent/src/config/schema';
import { enroll } from '../host-agent/src/enroll/enroll';
import { DockerRuntime } from '../host-agent/src/runtime/docker/index';
import type { DeckyListing } from './banner';
import { listDeckies, removeDockerDeckies } from './stack-deckies';

export const DEFAULT_FLEET = fileURLToPath(new URL('./default-fleet.ini', import.meta.url));

export interface StackOptions {
  dataDir: string;
  host?: string;
  port?: number;
  mtlsPort?: number;
  /** INI text of the fleet deployed on first start (when the host has no deckies yet). */
  fleetIni?: string;
  /** Generated topology deployed on first start next to the fleet (npm start's small maze). */
  topology?: Omit<TopologyGenerateParams, 'hostId'>;
  runtime?: 'local' | 'docker';
  /** Run without the host agent (control plane and dashboard only). */
  agent?: boolean;
  env?: Record<string, string | undefined>;
  log?: (msg: string) => void;
}

export interface Stack {
  cp: RunningControlPlane;
  agent?: Agent;
  hostId?: string;
  /** The runtime the agent runs deckies on (this start's choice, even on a data dir enrolled with another). */
  runtime: 'local' | 'docker';
  /** Docker only: the macvlan parent and subnet. */
  network?: { parent: string; subnet: string };
  /** Resolves once every decky of this host reports `running` (or rejects after `timeoutMs`). */
  fleetRunning(timeoutMs?: number): Promise<{ name: string; state: string }[]>;
  /** Each decky with its state, address and services (for the banner). */
  deckies(): Promise<DeckyListing[]>;
  /**
   * Stops the agent and the control plane. Local deckies stop with their agent; docker deckies are
   * removed too unless `keepDeckies` (docker's restart policy would otherwise keep them answering).
   */
  close(o?: { keepDeckies?: boolean }): Promise<void>;
}

type DockerSection = NonNullable<AgentConfig['docker']>;

/** The docker section from DECNET_DOCKER_* (parent interface and subnet of the LAN the deckies join). */
function dockerFromEnv(env: Record<string, string | undefined>): { docker: { network: Partial<DockerSection['network']> & { parent: string; subnet: string }; image?: string } } | undefined {
  if (!env.DECNET_DOCKER_PARENT || !env.DECNET_DOCKER_SUBNET) return undefined;
  return { docker: { network: { parent: env.DECNET_DOCKER_PARENT, subnet: env.DECNET_DOCKER_SUBNET, ...(env.DECNET_DOCKER_IP_RANGE && { ipRange: env.DECNET_DOCKER_IP_RANGE }) }, ...(env.DECNET_DOCKER_IMAGE && { image: env.DECNET_DOCKER_IMAGE }) } };
}

const quiet = () => undefined;

export async function startStack(o: StackOptions): Promise<Stack> {
  const log = o.log ?? quiet;
  const env = o.env ?? process.env;
  const cp = await startControlPlane({ env, dataDir: o.dataDir, ...(o.port !== undefined && { port: o.port }), ...(o.host && { host: o.host }), ...(o.mtlsPort !== undefined && { mtlsPort: o.mtlsPort }) });
  if (o.agent === false) return { cp, runtime: o.runtime ?? 'local', fleetRunning: async () => [], deckies: async () => [], close: () => cp.close() };

  const agentDir = join(o.dataDir, 'agent');
  const configPath = join(agentDir, 'agent.json');
  let config = loadConfigIfExists(configPath);
  if (!config?.hostId) {
    // Enroll once over the real enrollment path, pinned to our own CA.
    const name = `local-${hostname().toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 40) || 'sensor'}`;
    const token = await createEnrollmentToken(cp.deps, 'npm-start', { hostName: name }, cp.url);
    const res = await enroll({
      url: cp.url,
      token: token.token,
      caSha256: token.caSha256,
      name,
      configPath,
      dataDir: agentDir,
      base: {
        runtime: o.runtime ?? 'local',
        bus: { tcpPort: 0 },
        heartbeatIntervalMs: 5000,
        desiredStateWaitS: 25,
        // The docker runtime needs the macvlan parent interface and subnet of the LAN the deckies join.
        ...dockerFromEnv(env),
      },
    });
    config = res.config;
    log(`host agent enrolled as '${name}' (${res.hostId})`);
  }
  // This start's runtime wins over the one saved at enrollment (a data dir first run with local can run docker).
  const runtime = o.runtime ?? config.runtime;
  const fromEnv = dockerFromEnv(env);
  config = parseConfig({ ...config, runtime, ...(fromEnv && { docker: { ...config.docker, ...fromEnv.docker, network: { ...config.docker?.network, ...fromEnv.docker.network } } }) });
  let docker: DockerRuntime | undefined;
  if (runtime === 'docker') {
    const d = config.docker;
    if (!d) throw new Error('the docker runtime needs the LAN the deckies join: set DECNET_DOCKER_PARENT (host interface) and DECNET_DOCKER_SUBNET (its CIDR), or --docker-parent/--docker-subnet');
    docker = new DockerRuntime({ network: { name: d.network.name, parent: d.network.parent, subnet: d.network.subnet, ...(d.network.gateway && { gateway: d.network.gateway }), ...(d.network.ipRange && { ipRange: d.network.ipRange }) }, image: d.image, dataDir: config.dataDir, log });
  }
  const agent = await Agent.start({ config, log, ...(docker && { runtime: docker }) });
  const hostId = config.hostId!;
  const existing = await cp.deps.db.select({ id: deckies.id }).from(deckies).where(eq(deckies.hostId, hostId)).limit(1);
  if (existing.length === 0 && o.fleetIni) {
    const res = await deployIni(cp.deps, o.fleetIni, hostId);
    log(`default fleet deployed: ${res.deckies.map((d) => d.name).join(', ')}`);
  }
  if (existing.length === 0 && o.topology) {
    const t = await generateAndCreate(cp.deps, TopologyGenerateParamsSchema.parse({ ...o.topology, hostId }));
    await deployTopology(cp.deps, t.id);
    log(`topology '${t.name}' deployed: ${t.lans.map((l) => `${l.name}${l.dmz ? ' (DMZ)' : ''} ${l.subnet}`).join(', ')}; ${t.deckies.map((d) => d.name).join(', ')}`);
  }

  return {
    cp,
    agent,
    hostId,
    runtime,
    ...(docker && { network: { parent: docker.options.network.parent, subnet: docker.options.network.subnet } }),
    deckies: () => listDeckies(agent, docker),
    async fleetRunning(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const rows = await cp.deps.db.select({ name: deckies.name, state: deckies.reportedState }).from(deckies).where(eq(deckies.hostId, hostId));
        const local = new Map((agent.status().desiredState?.deckies ?? []).map((d) => [d.name, d.state]));
        const states = rows.map((r) => ({ name: r.name, state: local.get(r.name) ?? r.state ?? 'pending' }));
        if (states.every((s) => s.state === 'running')) return states;
        if (Date.now() > deadline) throw new Error(`fleet not running after ${timeoutMs} ms: ${JSON.stringify(states)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    async close(c = {}) {
      const names = (agent.status().desiredState?.deckies ?? []).map((d) => d.name);
      await agent.stop();
      if (docker && !c.keepDeckies) {
        const n = await removeDockerDeckies(docker, names, log);
        log(`removed ${n} container(s) of ${names.length} docker decky(ies)`);
      }
      await cp.close();
    },
  };
}

export function readFleet(path: string): string {
  return readFileSync(path, 'utf8');
}
