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
    runtime: DeckyRuntime;
    desiredStateFile: string;
    onDesiredState(s: DesiredStateResponse): void;
  };
  onBusListening(where: { socketPath: string; tcpPort: number }): void;
  /** Each fresh instance is announced, for status reporting. */
  onBus(w: BusWorker): void;
  onUplink(w: UplinkWorker): void;
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
  const cp = d.controlPlane;
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
    { name: 'heartbeat', create: (ctx) => new HeartbeatWorker({ ...ctx, call: cp.call, collect: cp.collectHeartbeat, intervalMs: c.heartbeatIntervalMs, onResult: cp.onHeartbeat }) },
    {
      name: 'desired-state',
      create: (ctx) => new DesiredStateWorker({
        ...ctx, call: cp.call, runtime: cp.runtime, file: cp.desiredStateFile, waitS: c.desiredStateWaitS, backoff, identityRetryMs: c.identityRetryMs, onApplied: cp.onDesiredState,
      }),
    },
  );
  return specs;
}
