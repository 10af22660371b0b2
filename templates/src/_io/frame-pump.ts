// Hands a session's parsed frames to its async handler one at a time and in arrival order, holding
// the session open while a reply is pending (SessionIo.hold); a handler that throws ends this session
// only. Also the timers a session's delayed replies use, cleared when the session ends.
import type { SessionIo } from './session-io';

/** Returns the pump to call whenever input arrived; calls while it runs are absorbed by the running one. */
export function serialPump<F>(io: SessionIo, next: () => F | undefined, handle: (frame: F) => Promise<void>): () => Promise<void> {
  let busy = false;
  return async () => {
    if (busy) return;
    busy = true;
    io.hold();
    try {
      for (let f: F | undefined; !io.closed && (f = next()) !== undefined; ) await handle(f);
    } catch (e) {
      io.fail(e);
    } finally {
      busy = false;
      io.release();
    }
  };
}

export class SessionTimers {
  private readonly timers = new Set<NodeJS.Timeout>();

  /** Resolves after `ms` (at once for 0), unless the session ends first (then never). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (ms <= 0) return resolve();
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
