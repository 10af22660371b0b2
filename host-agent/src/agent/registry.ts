// The agent's workers, in start order (stopped in reverse): one line per worker (CONVENTIONS §10).
import type { BrokerOptions } from '../bus/broker';
import type { BusAddress } from '../bus/bus-client';
import type { DeckyRuntime } from '../runtime/decky-runtime';
import type { EventSpool } from '../spool/event-spool';
import type { CallOptions, CallOutcome } from '../uplink/mtls-client';
import type { Heartbeat, DesiredStateResponse } from '@decnet/protocol';
import type { AgentConfig } from '../config/schema';
import type { DeliveryDeps } from '../uplink/batch-delivery';
import { BusWorker } from '../workers/bus/bus-worker';
import { DesiredStateWorker } from '../workers/desired-state/desired-state-worker';
import { HeartbeatWorker, type HeartbeatResult } from '../workers/heartbeat/heartbeat-worker';
import { IngestWorker } from '../workers/ingest/ingest-worker';
import { UplinkWorker } from '../workers/uplink/uplink-worker';
import type { WorkerSpec } from '../workers/worker';
import { join } from 'node:path';
import { archetype } from '@decnet/protocol';
import { BusClient } from '../bus/bus-client';
import { localDesiredPath } from '../fleet/local-desired';
import { availableServices } from '../fleet/service-catalogue';
import type { DeckyLogSource } from '../runtime/log-stream';
import { CollectorWorker } from '../workers/collector/collector-worker';
import { storeAsRuntime, type DesiredStore } from '../workers/mutator/desired-store';
import { MutatorWorker } from '../workers/mutator/mutator-worker';
import { addressSource, interfaceSource } from '../workers/sniffer/decky-addresses';
import { SnifferWorker } from '../workers/sniffer/sniffer-worker';
import { ProberWorker } from '../workers/prober/prober-worker';
import { readFileSync } from 'node:fs';
import type { SyslogListenOptions } from '../workers/collector/syslog/syslog-listeners';

export interface RegistryDeps {
  config: AgentConfig;
  broker: BrokerOptions;
  busAddress: BusAddress;
  spool: EventSpool;
  /** Absent when the agent runs offline (not enrolled): bus and spool only. */
  controlPlane?: {
    call(o: CallOptions): Promise<CallOutcome>;
    quarantine: DeliveryDeps['quarantine'];
    collectHeartbeat(): Heartbeat;
    onHeartbeat(r: HeartbeatResult): void;
    desiredStateFile: string;
    onDesiredState(s: DesiredStateResponse): void;
    /** Remote control (fleet-control.ts): the desired state's commands, and a decommission. */
    onCommands?(commands: NonNullable<DesiredStateResponse['commands']>): void;
    onDecommission?(): void;
  };
  /** The decky runtime (enrolled or not); its log streams feed the collector when it has them. */
  runtime: DeckyRuntime & Partial<DeckyLogSource>;
  /** Outlives worker restarts: desired-state (or the local fleet file) writes, the mutator applies. */
  desired: DesiredStore;
  /** hostId, else hostname: the collector's event ids are derived from it. */
  sourceId: string;
  onBusListening(where: { socketPath: string; tcpPort: number }): void;
  /** Each fresh instance is announced, for status reporting. */
  onBus(w: BusWorker): void;
  onUplink(w: UplinkWorker): void;
  /** Each fresh mutator instance (rotate-now commands go to the current one). */
  onMutator?(w: MutatorWorker): void;
}

export function workerRegistry(d: RegistryDeps): WorkerSpec[] {
  const c = d.config;
  const backoff = { baseMs: 500, maxMs: c.backoffMaxMs };
  const specs: WorkerSpec[] = [
    {
      name: 'bus',
      create: (ctx) => {
        const w = new BusWorker({ ...ctx, options: d.broker, onListening: d.onBusListening });
        d.onBus(w);
        return w;
      },
    },
    { name: 'ingest', create: (ctx) => new IngestWorker({ ...ctx, address: d.busAddress, spool: d.spool }) },
  ];
  const bus = (name: string, log: (m: string) => void) => () => new BusClient({ address: d.busAddress, clientId: `decnet-${name}-${process.pid}`, log });
  const rt = d.runtime;
  if (rt.logStreams && rt.follow) {
    const source: DeckyLogSource = { logStreams: () => rt.logStreams!(), follow: (...a) => rt.follow!(...a) };
    specs.push({
      name: 'collector',
      create: (ctx) => new CollectorWorker({
        ...ctx, source, sink: (events) => d.spool.appendValid(events), sourceId: d.sourceId,
        cursorFile: join(c.dataDir, 'collector-cursors.json'), openBus: bus('collector', ctx.log), ...(c.syslog && { syslog: syslogOptions(c.syslog) }),
      }),
    });
  }
  if (c.sniffer.enabled) {
    const addresses = addressSource(rt);
    specs.push({
      name: 'sniffer',
      create: (ctx) => new SnifferWorker({
        ...ctx, interfaces: interfaceSource(c, rt), addresses, sink: (events) => d.spool.appendValid(events), openBus: bus('sniffer', ctx.log),
        limits: { eventsPerSourcePerSecond: c.sniffer.eventsPerSourcePerSecond, maxFlows: c.sniffer.maxFlows },
      }),
    });
  }
  // The control plane's desired state may switch the prober on or off for this host: an enrolled agent
  // always has the worker, idle unless that switch (or, without one, the agent config) says on.
  let proberSwitch: boolean | undefined;
  if (c.prober.enabled || d.controlPlane) {
    const deckyAddresses = addressSource(rt);
    const fleet = async (): Promise<string[]> => [...(c.docker ? [c.docker.network.subnet] : []), ...(await deckyAddresses()).keys()];
    specs.push({ name: 'prober', create: (ctx) => new ProberWorker({ ...ctx, config: c.prober, fleet, enabled: () => proberSwitch ?? c.prober.enabled, sink: (events) => d.spool.appendValid(events), openBus: bus('prober', ctx.log) }) });
  }
  const pool = availableServices();
  const cp = d.controlPlane;
  let heartbeat: HeartbeatWorker | undefined; // the current instance (the supervisor may recreate it)
  specs.push({
    name: 'mutator',
    create: (ctx) => {
      const w = new MutatorWorker({
        ...ctx, runtime: rt, desired: d.desired, stateFile: join(c.dataDir, 'mutator-state.json'), openBus: bus('mutator', ctx.log),
        servicePool: (s) => (s.archetype ? archetype(s.archetype).services.filter((x) => pool.includes(x)) : pool),
        ...(!d.controlPlane && { localDesiredFile: localDesiredPath(c.dataDir) }),
        onApplied: () => heartbeat?.poke(),
      });
      d.onMutator?.(w);
      return w;
    },
  });
  if (!cp) return specs;
  const post = (body: Buffer, signal: AbortSignal) => cp.call({ method: 'POST', path: '/agent/v1/events', body, signal, timeoutMs: 60_000 });
  specs.push(
    {
      name: 'uplink',
      create: (ctx) => {
        const w = new UplinkWorker({
          ...ctx, spool: d.spool.spool, post, quarantine: cp.quarantine, config: c.spool, backoffMaxMs: c.backoffMaxMs, identityRetryMs: c.identityRetryMs,
        });
        d.onUplink(w);
        return w;
      },
    },
    { name: 'heartbeat', create: (ctx) => (heartbeat = new HeartbeatWorker({ ...ctx, call: cp.call, collect: cp.collectHeartbeat, intervalMs: c.heartbeatIntervalMs, onResult: cp.onHeartbeat })) },
    {
      name: 'desired-state',
      create: (ctx) => new DesiredStateWorker({
        ...ctx, call: cp.call, runtime: storeAsRuntime(d.desired, rt), file: cp.desiredStateFile, waitS: c.desiredStateWaitS, backoff, identityRetryMs: c.identityRetryMs,
        onApplied: (s) => {
          proberSwitch = s.prober?.enabled;
          cp.onDesiredState(s);
        },
        ...(cp.onCommands && { onCommands: cp.onCommands }),
        ...(cp.onDecommission && { onDecommission: cp.onDecommission }),
      }),
    },
  );
  return specs;
}

/** The syslog receiver's listen options from the agent config (TLS files read at worker start). */
function syslogOptions(s: NonNullable<AgentConfig['syslog']>): SyslogListenOptions {
  const tls = s.tlsPort !== undefined && s.tlsCertFile && s.tlsKeyFile ? { cert: readFileSync(s.tlsCertFile, 'utf8'), key: readFileSync(s.tlsKeyFile, 'utf8') } : undefined;
  return { host: s.host, ...(s.udpPort !== undefined && { udpPort: s.udpPort }), ...(s.tcpPort !== undefined && { tcpPort: s.tcpPort }), ...(s.tlsPort !== undefined && { tlsPort: s.tlsPort }), ...(tls && { tls }) };
}
