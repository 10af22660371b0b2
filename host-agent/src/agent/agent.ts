// `decnet-agent run`: the spool, the control-plane client, the local bus and the supervised
// workers, plus `enqueue()` for in-process event sources. Every event goes to the spool first.
import { systemHealth, type DesiredStateResponse, type Heartbeat, type ServiceEvent } from '@decnet/protocol';
import { mkdirSync, readFileSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { BusClient, type BusAddress } from '../bus/bus-client';
import { agentPaths, type AgentPaths } from '../config/paths';
import type { AgentConfig } from '../config/schema';
import { hostCatalogue } from '../fleet/service-catalogue';
import { PendingRuntime, type DeckyRuntime } from '../runtime/decky-runtime';
import { agentEvent, AGENT_SERVICE } from '../spool/agent-events';
import { EventSpool } from '../spool/event-spool';
import { DeadLetter } from '../uplink/dead-letter';
import { MtlsClient } from '../uplink/mtls-client';
import { AGENT_VERSION } from '../version';
import type { BusWorker } from '../workers/bus/bus-worker';
import type { HeartbeatResult } from '../workers/heartbeat/heartbeat-worker';
import { Supervisor } from '../workers/supervisor';
import type { UplinkWorker } from '../workers/uplink/uplink-worker';
import type { Log } from '../workers/worker';
import { workerRegistry } from './registry';
import { writeStatus, type AgentStatus } from './status';
import { DockerRuntime } from '../runtime/docker/index';
import { LocalRuntime } from '../runtime/local/local-runtime';
import { DesiredStore } from '../workers/mutator/desired-store';
import type { MutatorWorker } from '../workers/mutator/mutator-worker';
import { FleetControl, runtimeReset } from './fleet-control';
import { agentSelftestRunner } from './selftest-runner';
import { agentHealthy, agentUpdater, type SelfUpdateOptions } from './updater/agent-updater';
import type { Updater } from './updater/updater';

export interface AgentOptions {
  config: AgentConfig;
  log?: Log;
  /** Run the bus and the spool only (no enrollment, nothing leaves the host). */
  offline?: boolean;
  runtime?: DeckyRuntime;
  /** The realism self-test the control plane asks for: `nmap: false` skips nmap (seconds, not minutes). */
  selftest?: { nmap?: boolean };
  /** Self-update (issue 19): `run` passes it; in-process agents (tests) have none. */
  selfUpdate?: SelfUpdateOptions;
}

export class NotEnrolledError extends Error {
  override readonly name = 'NotEnrolledError';
}

export class Agent {
  private supervisor!: Supervisor;
  private bus!: BusClient;
  private client: MtlsClient | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private busWorker: BusWorker | undefined;
  private uplink: UplinkWorker | undefined;
  private lastHeartbeat: HeartbeatResult | undefined;
  private desired: DesiredStateResponse | undefined;
  private tcpPort: number | undefined;
  private readonly startedAtMs = Date.now();
  private readonly desiredStore = new DesiredStore();
  private mutator: MutatorWorker | undefined;
  private fleetControl: FleetControl | undefined;
  private updater: Updater | undefined;
  readonly paths: AgentPaths;
  readonly hostname: string;

  private constructor(
    private readonly o: AgentOptions,
    readonly spool: EventSpool,
    private readonly deadLetter: DeadLetter,
    private readonly runtime: DeckyRuntime,
  ) {
    this.paths = agentPaths(o.config);
    this.hostname = o.config.hostname ?? osHostname();
  }

  static async start(o: AgentOptions): Promise<Agent> {
    const log = o.log ?? (() => {});
    const paths = agentPaths(o.config);
    mkdirSync(paths.dataDir, { recursive: true, mode: 0o750 });
    const identity = o.offline ? undefined : loadIdentity(o.config, paths);
    const host = o.config.hostname ?? osHostname();
    const spool = await EventSpool.open({ dir: paths.spoolDir, ...o.config.spool, host, log });
    const runtime = o.runtime ?? (await openRuntime(o.config, paths.dataDir, log));
    const agent = new Agent(o, spool, new DeadLetter(paths.deadLetter), runtime);
    if (identity) agent.client = new MtlsClient(identity.mtlsUrl, identity);
    if (identity && agent.client && o.selfUpdate) {
      agent.updater = agentUpdater(o.selfUpdate, { dataDir: paths.dataDir, identity, client: agent.client, log, healthy: () => agentHealthy(agent.supervisor.snapshot(), agent.lastHeartbeat?.ok) });
    }
    await agent.boot(log);
    return agent;
  }

  private async boot(log: Log): Promise<void> {
    const c = this.o.config;
    const address: BusAddress = { socketPath: this.paths.busSocket };
    this.bus = new BusClient({ address, clientId: `decnet-agent-${process.pid}`, log });
    const client = this.client;
    if (client) this.fleetControl = this.newFleetControl(client, log);
    const fleet = this.fleetControl;
    const selftest = client && agentSelftestRunner({ call: (o) => client.call(o), runtime: c.runtime, dataDir: this.paths.dataDir, log, nmap: this.o.selftest?.nmap ?? true });
    const specs = workerRegistry({
      config: c,
      broker: { socketPath: this.paths.busSocket, ...c.bus },
      busAddress: address,
      spool: this.spool,
      runtime: this.runtime,
      desired: this.desiredStore,
      sourceId: c.hostId ?? this.hostname,
      onBusListening: (w) => (this.tcpPort = w.tcpPort),
      onBus: (w) => (this.busWorker = w),
      onUplink: (w) => (this.uplink = w),
      onMutator: (w) => (this.mutator = w),
      ...(client && {
        controlPlane: {
          call: (opts) => client.call(opts),
          quarantine: (record, refusal) => this.quarantine(record, refusal),
          collectHeartbeat: () => this.heartbeat(),
          onHeartbeat: (r) => (this.lastHeartbeat = r),
          desiredStateFile: this.paths.desiredState,
          onDesiredState: (s) => {
            this.desired = s;
            this.updater?.handle(s.release);
            selftest?.handle(s.selftest, s.deckies);
          },
          onCommands: (cmds) => void fleet?.run(cmds).catch((e: unknown) => log(`commands: ${(e as Error).message}`)),
          onDecommission: () => void fleet?.decommission().catch((e: unknown) => log(`decommission: ${(e as Error).message}`)),
        },
      }),
    });
    this.supervisor = new Supervisor({
      specs,
      publishHealth: (p) => this.bus.publish(systemHealth(p.worker), 'worker.health', p),
      log,
      healthIntervalMs: c.healthIntervalMs,
      backoff: { baseMs: 500, maxMs: 60_000 },
      ...(fleet && { held: fleet.stoppedWorkers() }),
    });
    await this.supervisor.start();
    this.updater?.start();
    this.writeStatus();
    this.statusTimer = setInterval(() => this.writeStatus(), c.statusIntervalMs);
  }

  /** Remote control (issue 19): worker commands go to the supervisor, rotations to the mutator. */
  private newFleetControl(client: MtlsClient, log: Log): FleetControl {
    return new FleetControl({
      call: (o) => client.call(o),
      controlWorker: (name, action) => this.supervisor.control(name, action),
      rotateDecky: (name) => (this.mutator ? this.mutator.rotateNow(name) : Promise.reject(new Error('the mutator is not running'))),
      resetDecky: runtimeReset(this.runtime),
      teardownAll: async () => {
        await this.supervisor.control('mutator', 'stop');
        await this.runtime.apply([], []);
      },
      stopControlPlaneWorkers: async () => {
        for (const name of ['desired-state', 'heartbeat', 'uplink']) await this.supervisor.control(name, 'stop').catch(() => {});
      },
      paths: this.paths,
      log: (m) => log(`fleet-control: ${m}`),
    });
  }

  /** In-process event source: validated, then durable in the spool when this resolves. */
  enqueue(events: ServiceEvent | readonly ServiceEvent[] | unknown): Promise<void> {
    return this.spool.enqueue(Array.isArray(events) ? events : [events]);
  }

  get busTcpPort(): number | undefined {
    return this.tcpPort;
  }

  private quarantine(record: Buffer, refusal: { status: number; code: string; message: string }): void {
    const entry = this.deadLetter.add(record, refusal);
    const ev = entry.event as Partial<ServiceEvent> | undefined;
    if (ev?.service === AGENT_SERVICE) return; // never report a refused report (no loop)
    const fields = { event_id: String(ev?.id ?? '?').slice(0, 128), status: String(refusal.status), code: refusal.code.slice(0, 64) };
    void this.spool.appendValid([agentEvent(this.hostname, 'event_quarantined', fields)]).catch(() => {});
  }

  private heartbeat(): Heartbeat {
    const s = this.spool.spool.stats();
    return {
      agentVersion: AGENT_VERSION,
      uptimeS: (Date.now() - this.startedAtMs) / 1000,
      workers: this.supervisor.snapshot().map((w) => ({
        name: w.name, status: w.status, lastSeenTs: new Date(w.lastSeenMs || Date.now()).toISOString(),
        state: w.state, restarts: w.restarts, ...((w.message ?? w.lastError) && { message: (w.message ?? w.lastError)!.slice(0, 1024) }),
      })),
      bus: { connected: this.bus.connected },
      deckies: this.runtime.report(),
      ...topologiesOf(this.runtime),
      spool: { pending: s.pendingRecords, dropped: s.droppedRecords },
      catalogue: hostCatalogue(this.runtime.kind),
    };
  }

  status(): AgentStatus {
    const c = this.o.config;
    return {
      v: 1,
      pid: process.pid,
      version: AGENT_VERSION,
      startedAt: new Date(this.startedAtMs).toISOString(),
      updatedAt: new Date().toISOString(),
      offline: !this.client,
      ...(this.fleetControl?.decommissioned && { decommissioned: true }),
      ...(c.hostId && { hostId: c.hostId }),
      hostname: this.hostname,
      ...(c.controlPlane && { controlPlane: c.controlPlane }),
      bus: { socketPath: this.paths.busSocket, tcpHost: c.bus.tcpHost, ...(this.tcpPort !== undefined && { tcpPort: this.tcpPort }), ...(this.busWorker?.stats() && { stats: this.busWorker.stats() }) },
      spool: { ...this.spool.spool.stats(), quarantined: this.deadLetter.count },
      ...(this.uplink && { uplink: { ...this.uplink.counters } }),
      ...(this.lastHeartbeat && { heartbeat: this.lastHeartbeat }),
      desiredState: {
        ...(this.desired && { version: this.desired.version }),
        deckies: this.runtime.report(),
        ...(this.runtime instanceof LocalRuntime && { endpoints: this.runtime.endpoints() }),
      },
      workers: this.supervisor.snapshot(),
    };
  }

  private writeStatus(): void {
    try {
      writeStatus(this.paths.status, this.status());
    } catch {
      // a full disk must not stop the agent; the next write may succeed
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.statusTimer);
    this.updater?.stop();
    await this.supervisor.stop();
    await this.bus.close().catch(() => {});
    await this.client?.destroy().catch(() => {});
    await this.spool.spool.close();
    await this.runtime.close();
    this.writeStatus();
  }
}

function loadIdentity(config: AgentConfig, paths: AgentPaths) {
  const mtlsUrl = config.controlPlane?.mtlsUrl;
  if (!mtlsUrl) throw new NotEnrolledError('this agent is not enrolled (no control-plane mTLS URL in its config): run `decnet-agent enroll --url URL --token TOKEN`');
  try {
    return { mtlsUrl, keyPem: readFileSync(paths.keyPem, 'utf8'), certPem: readFileSync(paths.certPem, 'utf8'), caPem: readFileSync(paths.caPem, 'utf8') };
  } catch (e) {
    throw new NotEnrolledError(`this agent's identity files are missing (${(e as Error).message}): re-run \`decnet-agent enroll\``);
  }
}

/** The configured decky runtime; docker without its network settings runs nothing and says why. */
async function openRuntime(config: AgentConfig, dataDir: string, log: (m: string) => void): Promise<DeckyRuntime> {
  if (config.runtime === 'local') return LocalRuntime.open({ dataDir, log, deckiesPerRunner: config.local.deckiesPerRunner });
  if (!config.docker) {
    log('runtime docker: no "docker" section (network.parent, network.subnet) in the agent config; deckies stay pending');
    return new PendingRuntime('docker', 'the docker runtime needs docker.network.parent and docker.network.subnet in the agent config');
  }
  const { network, image } = config.docker;
  return new DockerRuntime({ network: { name: network.name, parent: network.parent, subnet: network.subnet, ...(network.gateway && { gateway: network.gateway }), ...(network.ipRange && { ipRange: network.ipRange }) }, image, dataDir, log });
}

/** Heartbeat `topologies`: absent for a flat fleet (an agent that realises none says nothing). */
function topologiesOf(runtime: DeckyRuntime): Pick<Heartbeat, 'topologies'> {
  const reports = runtime.reportTopologies().slice(0, 64);
  return reports.length > 0 ? { topologies: reports } : {};
}
