// Jittered exponential backoff ("equal jitter": half fixed, half random), shared by the
// supervisor's restarts and the control-plane calls.
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  random?: () => number;
}

/** Delay before retry number `attempt` (0-based): in [d/2, d] with d = min(max, base * 2^attempt). */
export function backoffMs(attempt: number, o: BackoffOptions): number {
  const d = Math.min(o.maxMs, o.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(d / 2 + (o.random ?? Math.random)() * (d / 2));
}

/** Resolves after `ms`, or at once when the signal aborts (stop() must not wait out a backoff). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((ok) => {
    if (signal?.aborted) return ok();
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      ok();
    }
  });
}
