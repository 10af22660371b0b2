// Heartbeat worker: POST /agent/v1/heartbeat every 30 s (and at start, and on poke() right after the
// runtime applied a desired state) with the agent version, worker health, decky and topology states and
// spool counters. The answer's desiredVersion is passed on.
import { HeartbeatSchema, type Heartbeat } from '@decnet/protocol';
import { z } from 'zod';
import type { CallOptions, CallOutcome } from '../../uplink/mtls-client';
import type { Worker, WorkerContext, WorkerHealth } from '../worker';

const HeartbeatAnswerSchema = z.object({ ok: z.literal(true), desiredVersion: z.number().int().nonnegative() });

export interface HeartbeatResult {
  atMs: number;
  ok: boolean;
  desiredVersion?: number;
  error?: string;
}

export interface HeartbeatWorkerDeps extends WorkerContext {
  call(o: CallOptions): Promise<CallOutcome>;
  collect(): Heartbeat;
  intervalMs: number;
  onResult?(r: HeartbeatResult): void;
  nowMs?: () => number;
}

export class HeartbeatWorker implements Worker {
  private timer: NodeJS.Timeout | undefined;
  private abort = new AbortController();
  private last: HeartbeatResult | undefined;
  private sent = 0;
  private failed = 0;
  private inFlight: Promise<void> | undefined;
  /** A poke arrived while a beat was in flight: beat again when it ends (its state may predate the poke). */
  private again = false;

  constructor(private readonly deps: HeartbeatWorkerDeps) {}

  async start(): Promise<void> {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.deps.intervalMs);
  }

  /** Reports now (e.g. a topology mutation was just realised) instead of at the next interval. */
  poke(): void {
    if (!this.timer) return; // not started, or stopped
    if (this.inFlight) this.again = true;
    else this.tick();
  }

  private tick(): void {
    if (this.inFlight) return; // a slow control plane never stacks heartbeats
    this.inFlight = this.beat().finally(() => {
      this.inFlight = undefined;
      if (this.again && this.timer) {
        this.again = false;
        this.tick();
      }
    });
  }

  private async beat(): Promise<void> {
    const now = this.deps.nowMs ?? Date.now;
    const parsed = HeartbeatSchema.safeParse(this.deps.collect());
    if (!parsed.success) {
      this.record({ atMs: now(), ok: false, error: `heartbeat invalid: ${z.prettifyError(parsed.error)}` });
      return;
    }
    const o = await this.deps.call({
      method: 'POST', path: '/agent/v1/heartbeat', body: JSON.stringify(parsed.data), signal: this.abort.signal, timeoutMs: 15_000,
    });
    if (this.abort.signal.aborted) return;
    this.sent++;
    const answer = o.kind === 'ok' ? HeartbeatAnswerSchema.safeParse(o.body) : undefined;
    if (answer?.success) {
      this.record({ atMs: now(), ok: true, desiredVersion: answer.data.desiredVersion });
    } else {
      const error = o.kind === 'ok' ? 'unexpected heartbeat answer' : `${o.status} ${o.code}: ${o.message}`;
      if (o.kind === 'identity') this.deps.log(`CONTROL PLANE REFUSES THIS HOST: ${error}`);
      this.record({ atMs: now(), ok: false, error });
    }
  }

  private record(r: HeartbeatResult): void {
    if (!r.ok) this.failed++;
    this.last = r;
    this.deps.onResult?.(r);
  }

  health(): WorkerHealth {
    const counters = { sent: this.sent, failed: this.failed };
    if (this.last && !this.last.ok) return { status: 'degraded', message: this.last.error, counters };
    return { status: 'ok', counters };
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.abort.abort();
    await this.inFlight;
  }
}
