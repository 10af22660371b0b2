// Ingest worker: service events published on the bus (decnet/events/ingest, one event or an
// EventBatch per envelope) go to the durable spool. The bus is at-most-once; the spool is where
// an event becomes durable, and bus back-pressure follows the spool's group commits.
import { EventBatchSchema, ServiceEventSchema, Topics, type ServiceEvent } from '@decnet/protocol';
import { z } from 'zod';
import { BusClient, type BusAddress } from '../../bus/bus-client';
import type { EventSpool } from '../../spool/event-spool';
import type { Worker, WorkerContext, WorkerHealth } from '../worker';

/** Payload of decnet/events/ingest (host-agent's contract until protocol/ names one). */
export const IngestPayloadSchema = z.union([ServiceEventSchema, EventBatchSchema]);
export type IngestPayload = z.infer<typeof IngestPayloadSchema>;

export interface IngestWorkerDeps extends WorkerContext {
  address: BusAddress;
  spool: EventSpool;
}

export class IngestWorker implements Worker {
  private bus: BusClient | undefined;
  private spooled = 0;
  private appendErrors = 0;
  private lastError: string | undefined;

  constructor(private readonly deps: IngestWorkerDeps) {}

  async start(): Promise<void> {
    this.bus = new BusClient({ address: this.deps.address, clientId: `decnet-ingest-${process.pid}`, log: this.deps.log });
    await this.bus.ready();
    await this.bus.subscribe(Topics.eventsIngest, IngestPayloadSchema, (env) => this.spool(env.payload));
  }

  private async spool(payload: IngestPayload): Promise<void> {
    const events: ServiceEvent[] = 'events' in payload ? payload.events : [payload];
    try {
      await this.deps.spool.appendValid(events);
      this.spooled += events.length;
    } catch (e) {
      this.appendErrors++;
      this.lastError = (e as Error).message;
    }
  }

  health(): WorkerHealth {
    const s = this.bus?.stats;
    const counters = { spooled: this.spooled, appendErrors: this.appendErrors, received: s?.received ?? 0, invalid: s?.invalid ?? 0 };
    if (this.appendErrors > 0 && this.lastError) return { status: 'degraded', message: `spool append failed: ${this.lastError}`, counters };
    // While the broker restarts, bus-fed events (QoS 0) cannot arrive: say so rather than 'ok'.
    if (this.bus && !this.bus.connected) return { status: 'degraded', message: 'bus disconnected; reconnecting', counters };
    return { status: 'ok', counters };
  }

  async stop(): Promise<void> {
    await this.bus?.close();
    this.bus = undefined;
  }
}
