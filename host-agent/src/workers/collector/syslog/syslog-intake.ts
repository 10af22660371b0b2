// Syslog lines from other honeypots into the spool: the collector's line rules (drop list, dedup,
// malformed kept raw), batched appends, a bounded queue (UDP has no back-pressure: overflow is
// counted and dropped). These lines have no replayable position, so their ids are random.
import { randomEventId, type ServiceEvent } from '@decnet/protocol';
import type { CollectorCounters } from '../counters';
import { LineInterpreter, type InterpretOptions } from '../line-event';
import type { SyslogPeer } from './syslog-listeners';

export interface SyslogIntakeDeps {
  sink(events: readonly ServiceEvent[]): Promise<void>;
  published(event: ServiceEvent): void;
  counters: CollectorCounters;
  interpret: InterpretOptions;
  maxQueued?: number;
  batchMax?: number;
  batchDelayMs?: number;
}

const MAX_PEERS = 1024;

export class SyslogIntake {
  private queue: ServiceEvent[] = [];
  private waiters: Array<{ ok(): void; fail(e: unknown): void }> = [];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly peers = new Map<string, LineInterpreter>();

  constructor(private readonly d: SyslogIntakeDeps) {}

  /** Resolves when these lines' events are durable. */
  async accept(lines: readonly string[], peer: SyslogPeer): Promise<void> {
    const c = this.d.counters;
    const interpreter = this.interpreterFor(peer.address);
    let added = 0;
    for (const line of lines) {
      c.syslogLines++;
      if (this.queue.length >= (this.d.maxQueued ?? 10_000)) {
        c.syslogOverflow++;
        continue;
      }
      const out = await interpreter.interpret(line, randomEventId, peer.address, { transport: peer.transport, peer: peer.address });
      if (out.kind === 'dropped') c[out.reason === 'app' ? 'droppedApp' : 'deduped']++;
      if (out.kind === 'malformed') c.malformed++;
      if (out.kind !== 'dropped' && out.event) {
        this.queue.push(out.event);
        added++;
      }
    }
    if (added === 0) return;
    const durable = new Promise<void>((ok, fail) => this.waiters.push({ ok, fail }));
    if (this.queue.length >= (this.d.batchMax ?? 256)) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.d.batchDelayMs ?? 20);
    return durable;
  }

  private interpreterFor(address: string): LineInterpreter {
    let i = this.peers.get(address);
    if (i) return i;
    if (this.peers.size >= MAX_PEERS) this.peers.delete(this.peers.keys().next().value as string);
    i = new LineInterpreter(this.d.interpret);
    this.peers.set(address, i);
    return i;
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const events = this.queue;
    const waiters = this.waiters;
    this.queue = [];
    this.waiters = [];
    this.chain = this.chain.then(async () => {
      if (events.length === 0) return waiters.forEach((w) => w.ok());
      try {
        await this.d.sink(events);
      } catch (e) {
        this.d.counters.sinkErrors++;
        waiters.forEach((w) => w.fail(e));
        return;
      }
      this.d.counters.events += events.length;
      waiters.forEach((w) => w.ok());
      for (const e of events) this.d.published(e);
    });
    return this.chain;
  }
}
