// The Node runtime's short schedule for identity clustering: one run at a time per process (the
// lease keeps instances apart); a run only does work when attackers changed since the last one.
// A run holds the event loop while it clusters, so the next one waits at least BACKOFF_FACTOR times
// as long as the last took: clustering never takes more than a quarter of the process's time.
import type { AppDeps } from '../../deps';
import { runIdentities } from './run';

export const IDENTITY_INTERVAL_MS = 10_000;
const BACKOFF_FACTOR = 3;

export function startIdentitySchedule(deps: AppDeps, intervalMs = IDENTITY_INTERVAL_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      const t0 = Date.now();
      runIdentities(deps)
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
