// Runs the agent's workers: starts them in order, restarts one that throws or reports failure
// (a fresh instance, after jittered exponential backoff), publishes every worker's health on
// decnet/system/<worker>/health every 30 s, and stops them in reverse order. `control()` stops,
// starts or restarts one worker on an admin's request (remote control through desired state).
import type { HealthPayload } from '@decnet/protocol';
import { backoffMs, type BackoffOptions } from './backoff';
import type { Log, Worker, WorkerHealth, WorkerSpec } from './worker';

export interface SupervisorDeps {
  specs: WorkerSpec[];
  publishHealth(payload: HealthPayload): void;
  log: Log;
  healthIntervalMs: number;
  backoff: BackoffOptions;
  /** After running this long without failing, a worker's backoff starts from zero again. */
  stableAfterMs?: number;
  stopTimeoutMs?: number;
  nowMs?: () => number;
  /** Workers an operator stopped (remote control): start() leaves them stopped until control('start'). */
  held?: ReadonlySet<string>;
}

type SlotState = 'starting' | 'running' | 'restarting' | 'stopped';

interface Slot {
  spec: WorkerSpec;
  instance: Worker | undefined;
  state: SlotState;
  restarts: number;
  attempt: number;
  startedAtMs: number;
  lastSeenMs: number;
  lastError: string | undefined;
  timer: NodeJS.Timeout | undefined;
}

export interface WorkerSnapshot extends WorkerHealth {
  name: string;
  state: SlotState;
  restarts: number;
  uptimeS: number;
  lastSeenMs: number;
  /** Why it last failed (kept after it recovered). */
  lastError?: string;
}

export type WorkerControlAction = 'stop' | 'start' | 'restart';

export class UnknownWorkerError extends Error {
  override readonly name = 'UnknownWorkerError';
}

export class Supervisor {
  private readonly slots: Slot[];
  private healthTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private readonly now: () => number;

  constructor(private readonly deps: SupervisorDeps) {
    this.now = deps.nowMs ?? Date.now;
    this.slots = deps.specs.map((spec) => ({
      spec, instance: undefined, state: 'stopped', restarts: 0, attempt: 0, startedAtMs: 0, lastSeenMs: 0, lastError: undefined, timer: undefined,
    }));
  }

  async start(): Promise<void> {
    this.stopping = false;
    for (const slot of this.slots) {
      if (this.deps.held?.has(slot.spec.name)) {
        this.deps.log(`${slot.spec.name}: left stopped (an operator stopped it)`);
        this.publish(slot);
      } else {
        await this.launch(slot);
      }
    }
    this.healthTimer = setInterval(() => this.publishAll(), this.deps.healthIntervalMs);
  }

  private async launch(slot: Slot): Promise<void> {
    if (this.stopping) return;
    const { name } = slot.spec;
    let instance: Worker | undefined;
    const ctx = { name, log: (m: string) => this.deps.log(`${name}: ${m}`), fail: (e: unknown) => this.failed(slot, instance, e) };
    try {
      instance = slot.spec.create(ctx);
    } catch (e) {
      return this.failed(slot, undefined, e);
    }
    slot.instance = instance;
    slot.state = 'starting';
    try {
      await instance.start();
    } catch (e) {
      return this.failed(slot, instance, e);
    }
    if (slot.instance !== instance || slot.state !== 'starting') return; // failed while starting
    slot.state = 'running';
    slot.startedAtMs = this.now();
    this.publish(slot);
  }

  private failed(slot: Slot, instance: Worker | undefined, err: unknown): void {
    if (this.stopping || slot.instance !== instance || slot.state === 'restarting') return;
    const stable = this.deps.stableAfterMs ?? 60_000;
    if (slot.state === 'running' && this.now() - slot.startedAtMs >= stable) slot.attempt = 0;
    slot.state = 'restarting';
    slot.restarts++;
    slot.lastError = err instanceof Error ? err.message : String(err);
    const delay = backoffMs(slot.attempt++, this.deps.backoff);
    this.deps.log(`${slot.spec.name}: failed (${slot.lastError}); restart #${slot.restarts} in ${delay} ms`);
    if (instance) void this.stopInstance(instance);
    slot.instance = undefined;
    this.publish(slot);
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      void this.launch(slot);
    }, delay);
  }

  /**
   * Stops, starts or restarts one worker (an admin's command). A stopped worker stays stopped (no
   * backoff restart) until started; a restart counts as one. Resolves when the worker is running
   * (start/restart) or stopped; rejects for an unknown name or a worker that failed to start.
   */
  async control(name: string, action: WorkerControlAction): Promise<void> {
    const slot = this.slots.find((s) => s.spec.name === name);
    if (!slot) throw new UnknownWorkerError(`no worker named '${name}' on this agent`);
    if (this.stopping) throw new Error('the agent is stopping');
    if (action === 'stop' || action === 'restart') {
      await this.halt(slot);
      this.publish(slot);
      if (action === 'stop') return;
      slot.restarts++;
    } else if (slot.state === 'running' || slot.state === 'starting') {
      return;
    }
    clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.attempt = 0;
    await this.launch(slot);
    if ((slot.state as SlotState) !== 'running') throw new Error(`${name} did not start: ${slot.lastError ?? slot.state}`);
  }

  private async stopInstance(w: Worker): Promise<void> {
    let t: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((ok) => (t = setTimeout(ok, this.deps.stopTimeoutMs ?? 10_000)));
    await Promise.race([w.stop().catch(() => {}), timeout]);
    clearTimeout(t);
  }

  private healthOf(slot: Slot): WorkerHealth {
    if (slot.state === 'running' && slot.instance) {
      try {
        const h = slot.instance.health();
        slot.lastSeenMs = this.now();
        return h;
      } catch (e) {
        return { status: 'degraded', message: `health check threw: ${(e as Error).message}` };
      }
    }
    if (slot.state === 'restarting') return { status: 'degraded', message: `restarting after: ${slot.lastError}` };
    if (slot.state === 'starting') return { status: 'degraded', message: 'starting' };
    return { status: 'stopped' };
  }

  snapshot(): WorkerSnapshot[] {
    return this.slots.map((slot) => ({
      name: slot.spec.name,
      state: slot.state,
      restarts: slot.restarts,
      uptimeS: slot.state === 'running' ? Math.max(0, (this.now() - slot.startedAtMs) / 1000) : 0,
      ...this.healthOf(slot),
      lastSeenMs: slot.lastSeenMs,
      ...(slot.lastError !== undefined && { lastError: slot.lastError }),
    }));
  }

  private publish(slot: Slot): void {
    const h = this.healthOf(slot);
    const payload: HealthPayload = {
      worker: slot.spec.name,
      status: h.status,
      uptimeS: slot.state === 'running' ? Math.max(0, (this.now() - slot.startedAtMs) / 1000) : 0,
      pid: process.pid,
      ...(h.message ? { message: h.message.slice(0, 1024) } : {}),
      counters: { restarts: slot.restarts, ...h.counters },
    };
    try {
      this.deps.publishHealth(payload);
    } catch (e) {
      this.deps.log(`health publish failed: ${(e as Error).message}`);
    }
  }

  publishAll(): void {
    for (const slot of this.slots) this.publish(slot);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.healthTimer);
    this.healthTimer = undefined;
    for (const slot of [...this.slots].reverse()) await this.halt(slot);
  }

  /** Cancels a pending restart and stops the slot's instance, if any. */
  private async halt(slot: Slot): Promise<void> {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    const w = slot.instance;
    slot.instance = undefined;
    slot.state = 'stopped';
    if (w) await this.stopInstance(w);
  }
}
