// Per-source accounting for datagrams: a token bucket per address (refill per second, burst) in a
// bounded LRU, with one `rate_limited` report per address per window, so a UDP flood from any
// number of (spoofed) sources costs bounded memory and produces bounded output.
import { randomBytes } from 'node:crypto';

export interface SourceTableOptions {
  perSecond: number;
  burst: number;
  maxSources: number;
  reportWindowMs: number;
  now?: () => number;
}

interface SourceEntry {
  tokens: number;
  refilledAt: number;
  /** Start of the current report window; -Infinity when nothing was refused yet. */
  reportedAt: number;
  refused: number;
  /** Pseudo session ids per source port (bounded). */
  sessions: Map<number, string>;
}

export type SourceVerdict = { ok: true; sessionId: string } | { ok: false; report: boolean; refusedInWindow: number };

const MAX_PORTS_PER_SOURCE = 64;

export class SourceTable {
  private readonly entries = new Map<string, SourceEntry>();
  private readonly now: () => number;

  constructor(private readonly opts: SourceTableOptions) {
    this.now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Takes one token for ip (and names the ip:port pseudo session), or refuses. */
  admit(ip: string, port: number): SourceVerdict {
    const t = this.now();
    let e = this.entries.get(ip);
    if (e) {
      this.entries.delete(ip); // re-inserted last: Map order is recency order
      e.tokens = Math.min(this.opts.burst, e.tokens + ((t - e.refilledAt) / 1000) * this.opts.perSecond);
      e.refilledAt = t;
    } else {
      e = { tokens: this.opts.burst, refilledAt: t, reportedAt: -Infinity, refused: 0, sessions: new Map() };
      while (this.entries.size >= this.opts.maxSources) {
        const oldest = this.entries.keys().next().value as string;
        this.entries.delete(oldest);
      }
    }
    this.entries.set(ip, e);
    if (e.tokens < 1) {
      if (t - e.reportedAt < this.opts.reportWindowMs) {
        e.refused++;
        return { ok: false, report: false, refusedInWindow: e.refused };
      }
      e.reportedAt = t;
      e.refused = 1;
      return { ok: false, report: true, refusedInWindow: 1 };
    }
    e.tokens -= 1;
    let sessionId = e.sessions.get(port);
    if (sessionId === undefined) {
      if (e.sessions.size >= MAX_PORTS_PER_SOURCE) e.sessions.delete(e.sessions.keys().next().value as number);
      sessionId = randomBytes(8).toString('hex');
      e.sessions.set(port, sessionId);
    }
    return { ok: true, sessionId };
  }
}

/** A single bucket (the listener's own sends, a decky-wide datagram budget). */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(private readonly perSecond: number, private readonly burst: number, private readonly now: () => number = Date.now) {
    this.tokens = burst;
    this.refilledAt = this.now();
  }

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
