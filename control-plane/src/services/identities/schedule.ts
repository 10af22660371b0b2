// The Node runtime's short schedule for identity clustering: one run at a time per process (the
// lease keeps instances apart), a run only does work when attackers changed since the last one.
import type { AppDeps } from '../../deps';
import { runIdentities } from './run';

export const IDENTITY_INTERVAL_MS = 10_000;

export function startIdentitySchedule(deps: AppDeps, intervalMs = IDENTITY_INTERVAL_MS): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runIdentities(deps)
      .catch((e) => deps.logger.error('identity clustering failed', { error: String(e) }))
      .finally(() => (running = false));
  }, intervalMs);
  (timer as { unref?: () => void }).unref?.();
  return () => clearInterval(timer);
}
