// Uplink worker: drains the spool to POST /agent/v1/events over mutual TLS. Batches by size
// (batchMax / batchMaxBytes) and time (flushIntervalMs), keeps `inflight` batches on the wire,
// acknowledges them in read order, and re-reads from the cursor after a restart (at-least-once).
import type { SpoolConfig } from '../../config/schema';
import type { Spool, SpoolBatch } from '../../spool/spool';
import { deliver, Stopped, type DeliveryDeps } from '../../uplink/batch-delivery';
import type { CallOutcome } from '../../uplink/mtls-client';
import type { Worker, WorkerContext, WorkerHealth } from '../worker';

export interface UplinkDeps extends WorkerContext {
  spool: Spool;
  post(body: Buffer, signal: AbortSignal): Promise<CallOutcome>;
  quarantine: DeliveryDeps['quarantine'];
  config: Pick<SpoolConfig, 'batchMax' | 'batchMaxBytes' | 'flushIntervalMs' | 'inflight'>;
  backoffMaxMs: number;
  identityRetryMs: number;
  nowMs?: () => number;
}

export interface UplinkCounters {
  batches: number;
  events: number;
  accepted: number;
  duplicates: number;
  failures: number;
  lastOkMs: number;
}

interface InFlight {
  batch: SpoolBatch;
  done: boolean;
}

export class UplinkWorker implements Worker {
  readonly counters: UplinkCounters = { batches: 0, events: 0, accepted: 0, duplicates: 0, failures: 0, lastOkMs: 0 };
  private lastFailure: Exclude<CallOutcome, { kind: 'ok' }> | undefined;
  private abort = new AbortController();
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly inflight: InFlight[] = [];
  private readonly now: () => number;

  constructor(private readonly deps: UplinkDeps) {
    this.now = deps.nowMs ?? Date.now;
  }

  async start(): Promise<void> {
    this.deps.spool.rewind(); // whatever a previous instance had in flight is sent again
    this.unsubscribe = this.deps.spool.onAppend(() => this.wake?.());
    this.loop = this.run().catch((e) => {
      if (!(e instanceof Stopped)) this.deps.fail(e);
    });
  }

  private async run(): Promise<void> {
    const { spool, config } = this.deps;
    let waitingSinceMs: number | undefined;
    while (!this.abort.signal.aborted) {
      if (this.inflight.length < config.inflight) {
        const unread = spool.stats().pendingRecords - this.inflightRecords();
        const due = waitingSinceMs !== undefined && this.now() - waitingSinceMs >= config.flushIntervalMs;
        if (unread >= config.batchMax || (unread > 0 && due)) {
          const batch = await spool.read(config.batchMax, config.batchMaxBytes);
          if (batch) {
            this.send(batch);
            waitingSinceMs = undefined;
            continue;
          }
        }
        if (unread > 0) waitingSinceMs ??= this.now();
      }
      // Sleep until an append, a completed batch, or the flush deadline.
      const ms = waitingSinceMs === undefined ? 1000 : Math.max(1, config.flushIntervalMs - (this.now() - waitingSinceMs));
      await new Promise<void>((ok) => {
        const t = setTimeout(ok, ms);
        this.wake = () => {
          clearTimeout(t);
          ok();
        };
      });
      this.wake = undefined;
    }
  }

  private inflightRecords(): number {
    let n = 0;
    for (const f of this.inflight) n += f.batch.records.length;
    return n;
  }

  private send(batch: SpoolBatch): void {
    const slot: InFlight = { batch, done: false };
    this.inflight.push(slot);
    const deps: DeliveryDeps = {
      post: this.deps.post,
      quarantine: this.deps.quarantine,
      backoff: { baseMs: 250, maxMs: this.deps.backoffMaxMs },
      identityRetryMs: this.deps.identityRetryMs,
      log: this.deps.log,
      onOutcome: (o, events) => this.observe(o, events),
    };
    deliver(batch.records, deps, this.abort.signal).then(
      () => {
        slot.done = true;
        return this.ackInOrder();
      },
      (e) => {
        if (!(e instanceof Stopped)) this.deps.fail(e);
      },
    ).catch((e) => this.deps.fail(e));
  }

  /** The cursor only moves over a prefix of delivered batches. */
  private async ackInOrder(): Promise<void> {
    while (this.inflight[0]?.done && !this.abort.signal.aborted) {
      const head = this.inflight.shift()!;
      await this.deps.spool.ack(head.batch);
      this.counters.batches++;
    }
    this.wake?.();
  }

  private observe(o: CallOutcome, events: number): void {
    if (o.kind === 'ok') {
      const b = o.body as { accepted?: number; duplicates?: number } | undefined;
      this.counters.events += events;
      this.counters.accepted += b?.accepted ?? 0;
      this.counters.duplicates += b?.duplicates ?? 0;
      this.counters.lastOkMs = this.now();
      this.lastFailure = undefined;
    } else if (o.kind !== 'rejected') {
      this.counters.failures++;
      this.lastFailure = o;
    }
  }

  health(): WorkerHealth {
    const s = this.deps.spool.stats();
    const counters = { ...this.counters, pending: s.pendingRecords, dropped: s.droppedRecords, inflight: this.inflight.length };
    const f = this.lastFailure;
    if (!f) return { status: 'ok', counters };
    return { status: 'degraded', message: `${f.kind === 'identity' ? 'identity refused' : 'retrying'}: ${f.status} ${f.code} ${f.message}`, counters };
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
  }
}
