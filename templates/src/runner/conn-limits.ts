// Connection admission for one decky: a cap per source address and a total cap. Refusals are
// reported once per address per window (`rate_limited`), so a flood produces one line, not millions.

export interface ConnLimitOptions {
  perIpMaxConnections: number;
  maxConnections: number;
  /** Window for `rate_limited` reporting, per source address. */
  reportWindowMs: number;
  now?: () => number;
}

export type Admission = { ok: true; release: () => void } | { ok: false; limit: 'per_ip' | 'total'; report: boolean; refusedInWindow: number };

const MAX_TRACKED_SOURCES = 4096;

export class ConnLimiter {
  private total = 0;
  private readonly perIp = new Map<string, number>();
  private readonly reported = new Map<string, { since: number; refused: number }>();
  private readonly now: () => number;

  constructor(private readonly opts: ConnLimitOptions) {
    this.now = opts.now ?? Date.now;
  }

  get active(): number {
    return this.total;
  }

  admit(ip: string): Admission {
    const current = this.perIp.get(ip) ?? 0;
    const limit = this.total >= this.opts.maxConnections ? 'total' : current >= this.opts.perIpMaxConnections ? 'per_ip' : null;
    if (limit) return { ok: false, limit, ...this.noteRefusal(ip) };
    this.total++;
    this.perIp.set(ip, current + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        const n = (this.perIp.get(ip) ?? 1) - 1;
        if (n <= 0) this.perIp.delete(ip);
        else this.perIp.set(ip, n);
      },
    };
  }

  private noteRefusal(ip: string): { report: boolean; refusedInWindow: number } {
    const t = this.now();
    const entry = this.reported.get(ip);
    if (entry && t - entry.since < this.opts.reportWindowMs) {
      entry.refused++;
      return { report: false, refusedInWindow: entry.refused };
    }
    // Entries are kept in window-start order (re-inserted on renewal), so expiry and eviction
    // both happen at the front: O(1) amortised however many addresses a flood uses.
    this.reported.delete(ip);
    for (const [k, v] of this.reported) {
      if (t - v.since < this.opts.reportWindowMs && this.reported.size < MAX_TRACKED_SOURCES) break;
      this.reported.delete(k);
    }
    this.reported.set(ip, { since: t, refused: 1 });
    return { report: true, refusedInWindow: 1 };
  }
}
