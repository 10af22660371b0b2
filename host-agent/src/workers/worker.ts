// The one worker lifecycle (CONVENTIONS §6): a worker is built from one typed deps object, has
// start()/stop(), clears its timers on stop, and reports its health. It reports a fatal failure
// through `fail` (from its deps) and the supervisor restarts a fresh instance with backoff.
import type { WorkerStatus } from '@decnet/protocol';

export interface WorkerHealth {
  status: WorkerStatus;
  message?: string;
  counters?: Record<string, number>;
}

export interface Worker {
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): WorkerHealth;
}

export type Log = (msg: string) => void;

/** What the supervisor hands every worker it creates. */
export interface WorkerContext {
  name: string;
  /** Report a failure the worker cannot recover from; the supervisor restarts it. */
  fail(err: unknown): void;
  log: Log;
}

/** A registry entry: a name and how to build a fresh instance. */
export interface WorkerSpec {
  name: string;
  create(ctx: WorkerContext): Worker;
}
