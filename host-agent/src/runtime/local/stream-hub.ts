// Which log streams are live (a runner is writing them) and a wake-up for followers waiting at the
// end of one: live-ness is decided by this agent (runners only write the files it named); wake-ups
// come from DeckyLogFiles' directory watch, and followers keep a safety poll.
export class StreamHub {
  private readonly live = new Set<string>();
  private readonly waiters = new Map<string, Set<() => void>>();

  isLive(stream: string): boolean {
    return this.live.has(stream);
  }

  liveStreams(): ReadonlySet<string> {
    return this.live;
  }

  markLive(stream: string): void {
    this.live.add(stream);
  }

  markEnded(stream: string): void {
    this.live.delete(stream);
    this.notify(stream);
  }

  notify(stream: string): void {
    const set = this.waiters.get(stream);
    if (!set) return;
    this.waiters.delete(stream);
    for (const wake of set) wake();
  }

  /**
   * A wait that resolves on the next notify of `stream`, after timeoutMs (a safety poll), on abort,
   * or on cancel(); arm it before reading so that no notify can slip in between.
   */
  wait(stream: string, timeoutMs: number, signal: AbortSignal): { done: Promise<void>; cancel(): void } {
    let finish = (): void => {};
    const done = new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      finish = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', finish);
        const set = this.waiters.get(stream);
        set?.delete(finish);
        if (set?.size === 0) this.waiters.delete(stream);
        resolve();
      };
      if (signal.aborted) return finish();
      let set = this.waiters.get(stream);
      if (!set) this.waiters.set(stream, (set = new Set()));
      timer = setTimeout(finish, timeoutMs);
      signal.addEventListener('abort', finish, { once: true });
      set.add(finish);
    });
    return { done, cancel: () => finish() };
  }
}
