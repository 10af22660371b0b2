// DECNET's collector rate limiter: connection-lifecycle events repeated within a window
// (default 1 s) for the same (attacker ip, decky, service, type) are dropped. Pure; clock injected.

export const DEDUP_EVENT_TYPES: readonly string[] = ['connect', 'disconnect', 'connection', 'accept', 'close'];

export interface DedupKeyed {
  attackerIp: string | null;
  decky: string;
  service: string;
  eventType: string;
}

export interface ConnectDedupOptions {
  /** 0 disables deduplication (DECNET_COLLECTOR_RL_WINDOW_SEC=0). */
  windowMs?: number;
  eventTypes?: Iterable<string>;
  /** Monotonic milliseconds. */
  now?: () => number;
  /** Memory bound: the least recently kept keys are forgotten first. */
  maxEntries?: number;
}

const defaultNow = (): number => globalThis.performance?.now() ?? Date.now();

export class ConnectDedup {
  private readonly windowMs: number;
  private readonly types: ReadonlySet<string>;
  private readonly now: () => number;
  private readonly maxEntries: number;
  // Insertion order == order of last keep, so expired and excess entries sit at the front.
  private readonly lastKept = new Map<string, number>();

  constructor(options: ConnectDedupOptions = {}) {
    this.windowMs = Math.max(0, options.windowMs ?? 1000);
    this.types = new Set(options.eventTypes ?? DEDUP_EVENT_TYPES);
    this.now = options.now ?? defaultNow;
    this.maxEntries = Math.max(1, options.maxEntries ?? 10_000);
  }

  /** True when the event should be kept (and remembered); false for a duplicate. */
  shouldKeep(event: DedupKeyed): boolean {
    if (this.windowMs === 0 || !this.types.has(event.eventType)) return true;
    const key = JSON.stringify([event.attackerIp ?? 'Unknown', event.decky, event.service, event.eventType]);
    const t = this.now();
    const last = this.lastKept.get(key);
    if (last !== undefined && t - last < this.windowMs) return false;
    this.lastKept.delete(key);
    this.lastKept.set(key, t);
    this.prune(t);
    return true;
  }

  get size(): number {
    return this.lastKept.size;
  }

  clear(): void {
    this.lastKept.clear();
  }

  private prune(t: number): void {
    for (const [key, kept] of this.lastKept) {
      if (this.lastKept.size <= this.maxEntries && t - kept < this.windowMs) break;
      this.lastKept.delete(key);
    }
  }
}
