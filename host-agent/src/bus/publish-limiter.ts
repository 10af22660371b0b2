// Per-client publish budget (token bucket). Over budget, a publish is held, not dropped: aedes
// reads a client's next packets only once the current ones are handled, so holding the
// authorization slows the flooding client's socket down (TCP back-pressure) and nobody else.
export interface LimiterStats {
  /** Publishes that had to wait for budget. */
  throttled: number;
}

interface Bucket {
  tokens: number;
  lastMs: number;
  waiting: Array<() => void>;
  timer: NodeJS.Timeout | undefined;
}

export class PublishLimiter {
  private readonly buckets = new Map<string, Bucket>();
  readonly stats: LimiterStats = { throttled: 0 };

  constructor(
    /** Messages per second per client; 0 disables the limiter. */
    private readonly ratePerS: number,
    private readonly burst = Math.max(1, ratePerS),
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** Calls `go` now, or later when the client `key` has budget again. */
  take(key: string, go: () => void): void {
    if (this.ratePerS <= 0) return go();
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: this.burst, lastMs: this.nowMs(), waiting: [], timer: undefined };
      this.buckets.set(key, b);
    }
    this.refill(b);
    if (b.waiting.length === 0 && b.tokens >= 1) {
      b.tokens -= 1;
      return go();
    }
    this.stats.throttled++;
    b.waiting.push(go);
    this.schedule(b);
  }

  /** Forget a disconnected client (its held publishes are released: aedes drops them for a closed client). */
  forget(key: string): void {
    const b = this.buckets.get(key);
    if (!b) return;
    clearTimeout(b.timer);
    this.buckets.delete(key);
    for (const go of b.waiting.splice(0)) go();
  }

  close(): void {
    for (const key of [...this.buckets.keys()]) this.forget(key);
  }

  private refill(b: Bucket): void {
    const now = this.nowMs();
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.lastMs) * this.ratePerS) / 1000);
    b.lastMs = now;
  }

  private schedule(b: Bucket): void {
    if (b.timer) return;
    const waitMs = Math.max(1, Math.ceil(((1 - b.tokens) * 1000) / this.ratePerS));
    b.timer = setTimeout(() => {
      b.timer = undefined;
      this.refill(b);
      while (b.waiting.length > 0 && b.tokens >= 1) {
        b.tokens -= 1;
        b.waiting.shift()!();
      }
      if (b.waiting.length > 0) this.schedule(b);
    }, waitMs);
  }
}
