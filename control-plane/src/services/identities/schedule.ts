// The Node runtime's short schedule for identity clustering: one run at a time per process (the
// lease keeps instances apart); a run only does work when attackers changed since the last one.
// A run holds the event loop while it clusters, so the next one waits at least BACKOFF_FACTOR times
// as long as the last took: clustering never takes more than a quarter of the process's time. A run
// also waits while this process is ingesting (a batch within INGEST_QUIET_MS), for at most one more
// interval: it competed with a burst for the event loop and the write lock (ingest of 200,000 events
// at 18,000-23,000 events/s with clustering, 26,000-27,000 without) and clusters the burst's
// attackers in one run after it. Under sustained ingest runs come at most one interval late, so the
// ingest-to-identity lag stays bounded (the identities bench runs a 1 s schedule at 5,000 events/s).
import type { AppDeps } from '../../deps';
import { msSinceIngest } from '../agent/ingest-activity';
import { runIdentities } from './run';

export const IDENTITY_INTERVAL_MS = 10_000;
const BACKOFF_FACTOR = 3;
const INGEST_QUIET_MS = 2_000;
const DEFER_STEP_MS = 1_000;

export interface IdentityScheduleOptions {
  /** The run (tests count runs with their own). */
  run?: (deps: AppDeps) => Promise<unknown>;
  ingestQuietMs?: number;
  /** Longest wait for ingest to pause (default: one interval). */
  maxDeferMs?: number;
  deferStepMs?: number;
}

export function startIdentitySchedule(deps: AppDeps, intervalMs = IDENTITY_INTERVAL_MS, opts: IdentityScheduleOptions = {}): () => void {
  const { run = runIdentities, ingestQuietMs = INGEST_QUIET_MS, maxDeferMs = intervalMs, deferStepMs = DEFER_STEP_MS } = opts;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let deferredMs = 0;
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      if (msSinceIngest(deps) < ingestQuietMs && deferredMs < maxDeferMs) {
        deferredMs += deferStepMs;
        schedule(deferStepMs);
        return;
      }
      deferredMs = 0;
      const t0 = Date.now();
      run(deps)
        .catch((e) => deps.logger.error('identity clustering failed', { error: String(e) }))
        .finally(() => schedule(Math.max(intervalMs, BACKOFF_FACTOR * (Date.now() - t0))));
    }, delayMs);
    (timer as { unref?: () => void }).unref?.();
  };
  schedule(intervalMs);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
