// TigerVNC's connection blacklist (common/rfb/Blacklist.cxx): every connection from an address
// counts a mark; from `threshold` marks on, the address is refused until a timeout that doubles on
// each lock-out. A successful login would clear it (none ever succeeds here). Bounded per process.

interface Entry {
  marks: number;
  blockUntilMs: number;
  timeoutMs: number;
}

const MAX_ENTRIES = 4096;

export class Blacklist {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly threshold: number,
    private readonly initialTimeoutMs: number,
  ) {}

  /** Blacklist::isBlackmarked: true when this connection must be refused; counts it otherwise. */
  isBlackmarked(address: string, nowMs: number): boolean {
    if (this.threshold <= 0) return false;
    let e = this.entries.get(address);
    if (!e) {
      if (this.entries.size >= MAX_ENTRIES) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      e = { marks: 1, blockUntilMs: 0, timeoutMs: this.initialTimeoutMs };
      this.entries.set(address, e);
    }
    if (e.marks >= this.threshold) {
      if (nowMs >= e.blockUntilMs) {
        // The timeout expired: one more try is allowed, and the next block lasts twice as long.
        e.blockUntilMs = nowMs + e.timeoutMs;
        e.timeoutMs *= 2;
        return false;
      }
      return true;
    }
    e.marks++;
    return false;
  }
}

const lists = new Map<string, Blacklist>();

/** One blacklist per decky (persona seed) and policy, as one Xtigervnc process keeps one. */
export function blacklistFor(key: string, threshold: number, timeoutS: number): Blacklist {
  const k = `${key}|${threshold}|${timeoutS}`;
  let b = lists.get(k);
  if (!b) {
    if (lists.size >= 256) lists.clear();
    b = new Blacklist(threshold, timeoutS * 1000);
    lists.set(k, b);
  }
  return b;
}
