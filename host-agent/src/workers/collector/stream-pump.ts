// One followed log stream: each line becomes an event (id = eventIdFor(`${sourceId}/${stream}`,
// position)), events go to the spool in small batches, and only after the spool has them durably
// does the stream's cursor move and the events go out on the bus. A failed append fails the pump;
// the collector follows the stream again from its cursor and the re-read lines get the same ids.
import { eventIdFor, type ServiceEvent } from '@decnet/protocol';
import type { DeckyLogLine } from '../../runtime/log-stream';
import type { CollectorCounters } from './counters';
import type { CursorStore } from './cursor-store';
import { LineInterpreter, type InterpretOptions } from './line-event';

export interface StreamPumpDeps {
  stream: string;
  sourceId: string;
  sink(events: readonly ServiceEvent[]): Promise<void>;
  /** Called for each event once it is durable (the bus notification). */
  published(event: ServiceEvent): void;
  cursors: CursorStore;
  counters: CollectorCounters;
  interpret: InterpretOptions;
  batchMax: number;
  batchDelayMs: number;
}

export class StreamPump {
  private pending: ServiceEvent[] = [];
  private pendingPosition: string | undefined;
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private failed: unknown;
  private readonly interpreter: LineInterpreter;
  private readonly idSource: string;

  constructor(private readonly d: StreamPumpDeps) {
    this.interpreter = new LineInterpreter(d.interpret);
    this.idSource = `${d.sourceId}/${d.stream}`;
  }

  async onLine(l: DeckyLogLine): Promise<void> {
    if (this.failed !== undefined) throw this.failed;
    const c = this.d.counters;
    c.lines++;
    const out = await this.interpreter.interpret(l.line, () => eventIdFor(this.idSource, l.position), l.decky, { stream: l.stream.slice(0, 200), position: l.position });
    if (out.kind === 'event') this.pending.push(out.event);
    else if (out.kind === 'dropped') c[out.reason === 'app' ? 'droppedApp' : 'deduped']++;
    else {
      c.malformed++;
      if (out.event) this.pending.push(out.event);
    }
    this.pendingPosition = l.position;
    if (this.pending.length >= this.d.batchMax) return this.flush();
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((e: unknown) => (this.failed = e));
    }, this.d.batchDelayMs);
  }

  /** Appends what is pending; resolves when it is durable and the cursor has moved. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const events = this.pending;
    const position = this.pendingPosition;
    this.pending = [];
    this.pendingPosition = undefined;
    if (position === undefined) return this.chain;
    this.chain = this.chain.then(async () => {
      if (events.length > 0) {
        try {
          await this.d.sink(events);
        } catch (e) {
          this.d.counters.sinkErrors++;
          throw e;
        }
        this.d.counters.events += events.length;
      }
      this.d.cursors.advance(this.d.stream, position);
      for (const e of events) this.d.published(e);
    });
    return this.chain;
  }

  /** Stop without flushing (after a failure): pending lines will be read again. */
  discard(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.pendingPosition = undefined;
  }
}
