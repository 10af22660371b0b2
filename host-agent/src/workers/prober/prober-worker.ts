// Prober worker (issue 12): listens on the bus for attacker addresses (the collector's service events
// on decnet/system/log, the sniffer's on decnet/decky/+/traffic) and probes them back through the
// scheduler; its events go to the spool like every other event and out on the decky's traffic topic.
import { networkInterfaces } from 'node:os';
import { deckyTraffic, Patterns, PROBER_SERVICE, ServiceEventSchema, Topics, type ServiceEvent } from '@decnet/protocol';
import type { BusClient } from '../../bus/bus-client';
import type { Worker, WorkerContext, WorkerHealth } from '../worker';
import type { ProberConfig } from './config';
import { ProbePolicy } from './policy';
import { probeHost, type ProbeReport } from './probe-host';
import { Prober } from './prober';

export type ProberBus = Pick<BusClient, 'subscribe' | 'publish' | 'close'>;

export interface ProberWorkerDeps extends WorkerContext {
  config: ProberConfig;
  /** The fleet's own ranges and addresses (never probed unless allowed); re-read every refreshMs. */
  fleet(): Promise<readonly string[]>;
  sink(events: readonly ServiceEvent[]): Promise<void>;
  openBus(): ProberBus;
  refreshMs?: number;
  /** The switch from the control plane's desired state (read per sighting); absent: on. */
  enabled?(): boolean;
  /** Defaults to the real probes. */
  probe?(ip: string, signal: AbortSignal): Promise<ProbeReport>;
}

/** This host's own interface addresses: probing ourselves tells nothing. */
function hostAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((l) => (l ?? []).map((a) => a.address.split('%')[0]!));
}

export class ProberWorker implements Worker {
  private prober: Prober | undefined;
  private bus: ProberBus | undefined;
  private fleet: readonly string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pending: ServiceEvent[] = [];
  private flushing: Promise<void> | undefined;
  private sinkErrors = 0;
  private problem: string | undefined;

  constructor(private readonly d: ProberWorkerDeps) {}

  async start(): Promise<void> {
    const c = this.d.config;
    await this.refresh();
    const policy = new ProbePolicy({ allow: c.allow, deny: c.deny, fleet: () => this.fleet });
    this.prober = new Prober({
      config: c, policy, emit: (e) => this.queue(e),
      probe: this.d.probe ?? ((ip, signal) => probeHost(ip, { ports: c.ports, timeoutMs: c.timeoutMs, signal })),
    });
    this.timer = setInterval(() => {
      this.prober?.sweep();
      void this.refresh();
    }, this.d.refreshMs ?? 30_000);
    this.bus = this.d.openBus();
    const onEvent = (env: { payload: ServiceEvent }): void => {
      const e = env.payload;
      if (e.service !== PROBER_SERVICE && e.srcIp && (this.d.enabled?.() ?? true)) this.prober?.sight(e.srcIp, e.decky);
    };
    await this.bus.subscribe(Topics.systemLog, ServiceEventSchema, onEvent);
    await this.bus.subscribe(Patterns.allDeckyTraffic, ServiceEventSchema, onEvent);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.prober?.stop();
    await this.flushing;
    await this.flush();
    await this.bus?.close().catch(() => undefined);
  }

  health(): WorkerHealth {
    const p = this.prober;
    const counters = { ...(p?.counters ?? {}), running: p?.runningCount ?? 0, queued: p?.queueLength ?? 0, tracked: p?.trackedCount ?? 0, sinkErrors: this.sinkErrors };
    if (this.problem) return { status: 'degraded', message: this.problem, counters };
    if (this.d.enabled?.() === false) return { status: 'ok', message: 'switched off by the control plane (no new probes)', counters };
    return { status: 'ok', message: `probing ports ${this.d.config.ports.join(',')}; ${this.d.config.allow.length} allow, ${this.d.config.deny.length} deny entries`, counters };
  }

  private async refresh(): Promise<void> {
    try {
      this.fleet = [...(await this.d.fleet()), ...hostAddresses()];
      this.problem = undefined;
    } catch (e) {
      // Keep the last known list; without one, the host's own addresses still count.
      if (this.fleet.length === 0) this.fleet = hostAddresses();
      this.problem = `fleet ranges: ${(e as Error).message.slice(0, 200)}`;
    }
  }

  private queue(e: ServiceEvent): void {
    this.pending.push(e);
    try {
      this.bus?.publish(deckyTraffic(e.decky), `prober.${e.eventType}`, e);
    } catch {
      // a decky name that is no topic segment: the spool still gets the event
    }
    if (this.pending.length > 10_000) this.pending.splice(0, this.pending.length - 10_000);
    this.flushing ??= Promise.resolve().then(() => this.flush()).finally(() => (this.flushing = undefined));
  }

  private async flush(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.splice(0, 500);
      try {
        await this.d.sink(batch);
      } catch (e) {
        this.sinkErrors++;
        this.d.log(`prober: spool append failed: ${(e as Error).message}`);
      }
    }
  }
}
