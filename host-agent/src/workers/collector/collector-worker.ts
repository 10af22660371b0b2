// Collector worker (inventory §4): follows every log stream of the decky runtime from its saved
// cursor, turns lines into ServiceEvents, appends them to the durable spool, then moves the cursor
// and notifies `decnet/system/log`. Optionally receives RFC 5424 syslog from other honeypots.
import { setMaxListeners } from 'node:events';
import { Topics, type ServiceEvent } from '@decnet/protocol';
import type { DeckyLogSource, DeckyLogStreamInfo } from '../../runtime/log-stream';
import type { Worker, WorkerContext, WorkerHealth } from '../worker';
import { newCounters } from './counters';
import { CursorStore } from './cursor-store';
import type { InterpretOptions } from './line-event';
import { StreamPump } from './stream-pump';
import { SyslogIntake } from './syslog/syslog-intake';
import { SyslogListeners, type SyslogListenOptions } from './syslog/syslog-listeners';

/** What the collector needs of the bus (BusClient fits). */
export interface CollectorBus {
  publish<T>(topic: string, type: string, payload: T): void;
  readonly connected?: boolean;
  close(): Promise<void>;
}

export interface CollectorWorkerDeps extends WorkerContext {
  source: DeckyLogSource;
  /** Durable append (EventSpool.appendValid): resolves once the events survive a crash. */
  sink(events: readonly ServiceEvent[]): Promise<void>;
  /** The host id (hostname when not enrolled): ids are eventIdFor(`${sourceId}/${stream}`, position). */
  sourceId: string;
  /** `<dataDir>/collector-cursors.json`. */
  cursorFile: string;
  openBus?(): CollectorBus;
  syslog?: SyslogListenOptions;
  interpret?: InterpretOptions;
  discoverIntervalMs?: number;
  cursorWriteMs?: number;
  batchMax?: number;
  batchDelayMs?: number;
  /** Wait before following a stream again after its follow failed. */
  retryMs?: number;
}

export class CollectorWorker implements Worker {
  readonly counters = newCounters();
  private readonly followers = new Map<string, Promise<void>>();
  private readonly finished = new Set<string>();
  private readonly retryAt = new Map<string, number>();
  private readonly abort = new AbortController();
  private cursors: CursorStore | undefined;
  private bus: CollectorBus | undefined;
  private syslog: SyslogListeners | undefined;
  private intake: SyslogIntake | undefined;
  private timer: NodeJS.Timeout | undefined;
  private discovering: Promise<void> | undefined;
  private lastError: string | undefined;
  private lastErrorAtMs = 0;
  private syslogError: string | undefined;

  constructor(private readonly d: CollectorWorkerDeps) {
    // One follow per log stream listens on this signal: as many listeners as deckies is expected.
    setMaxListeners(0, this.abort.signal);
  }

  async start(): Promise<void> {
    this.cursors = new CursorStore(this.d.cursorFile, this.d.cursorWriteMs ?? 500);
    this.bus = this.d.openBus?.();
    if (this.d.syslog) {
      this.intake = new SyslogIntake({ sink: this.d.sink, published: (e) => this.notify(e), counters: this.counters, interpret: this.d.interpret ?? {} });
      try {
        this.syslog = await SyslogListeners.start(this.d.syslog, (lines, peer) => this.intake!.accept(lines, peer), this.counters);
        this.d.log(`syslog receiver on ${this.d.syslog.host}: ${JSON.stringify(this.syslog.ports)}`);
      } catch (e) {
        // Stream collection matters more than the optional receiver: keep running, report degraded.
        this.syslogError = `syslog receiver not started: ${(e as Error).message}`;
        this.d.log(this.syslogError);
      }
    }
    this.discovering = this.discover();
    await this.discovering;
    this.discovering = undefined;
    this.timer = setInterval(() => {
      this.discovering ??= this.discover().finally(() => (this.discovering = undefined));
    }, this.d.discoverIntervalMs ?? 1000);
  }

  get syslogPorts(): { udp?: number; tcp?: number; tls?: number } {
    return this.syslog?.ports ?? {};
  }

  private async discover(): Promise<void> {
    let streams: DeckyLogStreamInfo[];
    try {
      streams = await this.d.source.logStreams();
    } catch (e) {
      this.setError(`listing log streams: ${(e as Error).message}`);
      return;
    }
    const present = new Set(streams.map((s) => s.stream));
    const now = Date.now();
    for (const s of streams) {
      if (this.abort.signal.aborted) return;
      if (this.followers.has(s.stream) || this.finished.has(s.stream) || (this.retryAt.get(s.stream) ?? 0) > now) continue;
      this.follow(s.stream);
    }
    // Streams the runtime no longer has: their cursors and marks go (bounded by what exists).
    for (const s of this.cursors?.streams() ?? []) if (!present.has(s) && !this.followers.has(s)) this.cursors?.forget(s);
    for (const s of this.finished) if (!present.has(s)) this.finished.delete(s);
    this.counters.streams = this.followers.size;
  }

  private follow(stream: string): void {
    const cursors = this.cursors!;
    const pump = new StreamPump({
      stream, sourceId: this.d.sourceId, sink: this.d.sink, published: (e) => this.notify(e), cursors, counters: this.counters,
      interpret: this.d.interpret ?? {}, batchMax: this.d.batchMax ?? 256, batchDelayMs: this.d.batchDelayMs ?? 20,
    });
    const signal = this.abort.signal;
    const run = this.d.source
      .follow(stream, cursors.get(stream), (l) => pump.onLine(l), signal)
      .then(async () => {
        await pump.flush();
        if (!signal.aborted) this.finished.add(stream);
      })
      .catch((e: unknown) => {
        pump.discard();
        this.counters.followErrors++;
        this.setError(`follow ${stream}: ${(e as Error).message}`);
        this.d.log(`${this.lastError}; following again from its cursor`);
        this.retryAt.set(stream, Date.now() + (this.d.retryMs ?? 2000));
      })
      .finally(() => this.followers.delete(stream));
    this.followers.set(stream, run);
  }

  private setError(message: string): void {
    this.lastError = message;
    this.lastErrorAtMs = Date.now();
  }

  private notify(e: ServiceEvent): void {
    const bus = this.bus;
    if (!bus) return;
    if (bus.connected === false) {
      this.counters.busSkipped++; // mqtt.js would queue it without bound while disconnected
      return;
    }
    bus.publish(Topics.systemLog, 'system.log', e);
  }

  health(): WorkerHealth {
    const counters = { ...this.counters, cursorWrites: this.cursors?.writes ?? 0 };
    const recent = Date.now() - this.lastErrorAtMs < 60_000 ? this.lastError : undefined;
    const problem = this.cursors?.lastError ? `cursor file: ${this.cursors.lastError}` : (this.syslogError ?? recent);
    return problem ? { status: 'degraded', message: problem, counters } : { status: 'ok', counters };
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.abort.abort();
    await this.discovering;
    await Promise.allSettled([...this.followers.values()]);
    await this.syslog?.close();
    await this.intake?.flush().catch(() => {});
    this.cursors?.close();
    await this.bus?.close().catch(() => {});
    this.bus = undefined;
  }
}
