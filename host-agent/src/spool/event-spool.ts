// Typed face of the spool: ServiceEvents in (validated), JSON records out. A drop becomes a
// `spool_dropped` event appended right behind the drop, plus the persisted counters.
import { ServiceEventSchema, type ServiceEvent } from '@decnet/protocol';
import { z } from 'zod';
import { agentEvent } from './agent-events';
import { Spool, type SpoolDrop, type SpoolOptions } from './spool';

export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

export interface EventSpoolOptions extends Omit<SpoolOptions, 'onDrop'> {
  /** Host name stamped on the agent's own events. */
  host: string;
  log?: (msg: string) => void;
}

export class EventSpool {
  private constructor(
    readonly spool: Spool,
    private readonly host: string,
  ) {}

  static async open(opts: EventSpoolOptions): Promise<EventSpool> {
    let self: EventSpool | undefined;
    const onDrop = (d: SpoolDrop) => {
      opts.log?.(`spool: dropped ${d.records} events (${d.bytes} bytes, ${d.reason})`);
      void self?.reportDrop(d);
    };
    const spool = await Spool.open({ ...opts, onDrop });
    self = new EventSpool(spool, opts.host);
    return self;
  }

  /** Validate and append; resolves when durable. Throws InvalidEventError for a bad event. */
  async enqueue(events: readonly unknown[]): Promise<void> {
    const bufs: Buffer[] = [];
    for (const e of events) {
      const r = ServiceEventSchema.safeParse(e);
      if (!r.success) throw new InvalidEventError(z.prettifyError(r.error));
      bufs.push(Buffer.from(JSON.stringify(r.data)));
    }
    await this.spool.append(bufs);
  }

  /** Append events already validated (by the bus ingest or the agent itself). */
  appendValid(events: readonly ServiceEvent[]): Promise<void> {
    return this.spool.append(events.map((e) => Buffer.from(JSON.stringify(e))));
  }

  private async reportDrop(d: SpoolDrop): Promise<void> {
    const s = this.spool.stats();
    const ev = agentEvent(this.host, 'spool_dropped', {
      reason: d.reason,
      records: String(d.records),
      bytes: String(d.bytes),
      dropped_total: String(s.droppedRecords),
    });
    await this.appendValid([ev]).catch(() => {});
  }
}
