// One shared poller per process for the live stream: it reads new events once (by rowid) and keeps
// a bounded window of them as ready-made SSE frames, so N dashboard streams cost one query per poll
// and one shared buffer write per poll batch instead of N queries and N serialisations.
import type { AppDeps } from '../../deps';
import { eventFromValues } from './events';
import { eventsAfterSql } from './event-list-sql';
import { syncFts } from './fts-sync';
import { latestSeq } from './stream';

export interface FeedEvent {
  seq: number;
  decky: string;
  service: string;
  eventType: string;
  srcIp: string | null;
  raw: string;
  frame: Uint8Array;
}

/** One poll's events, with all their frames concatenated (written as-is to unfiltered streams). */
export interface FeedSegment {
  firstSeq: number;
  lastSeq: number;
  events: FeedEvent[];
  bytes: Uint8Array;
}

const READ_LIMIT = 2000;
const encoder = new TextEncoder();

export class LiveFeed {
  /** Every event with base < seq <= head is in `segments`. */
  base = 0;
  head = 0;
  private segments: FeedSegment[] = [];
  private buffered = 0;
  private subscribers = 0;
  private waiters = new Set<() => void>();
  private ready: Promise<void> | undefined;

  constructor(
    private readonly deps: AppDeps,
    readonly pollMs = 250,
    private readonly bufferMax = 20_000,
  ) {}

  /** Registers a stream; the first one starts the poller. */
  async join(): Promise<void> {
    this.subscribers++;
    this.ready ??= this.start();
    await this.ready;
  }

  leave(): void {
    this.subscribers--;
  }

  private async start(): Promise<void> {
    this.head = this.base = await latestSeq(this.deps);
    this.segments = [];
    this.buffered = 0;
    void this.loop();
  }

  private async loop(): Promise<void> {
    while (this.subscribers > 0) {
      try {
        let n = READ_LIMIT;
        while (n === READ_LIMIT && this.subscribers > 0) n = await this.pollOnce();
      } catch (e) {
        this.deps.logger.warn('live feed poll failed', { error: String(e) });
      }
      await new Promise((ok) => setTimeout(ok, this.pollMs));
    }
    this.ready = undefined; // synchronous with the check above: a later join starts afresh
  }

  private async pollOnce(): Promise<number> {
    const rows = await this.deps.db.values<unknown[]>(eventsAfterSql(this.head, {}, READ_LIMIT));
    if (rows.length === 0) return 0;
    const events = rows.map((r) => {
      const v = eventFromValues(r);
      const frame = encoder.encode(`id: ${v.seq}\nevent: event\ndata: ${JSON.stringify(v)}\n\n`);
      return { seq: v.seq, decky: v.decky, service: v.service, eventType: v.eventType, srcIp: v.srcIp, raw: v.raw, frame };
    });
    const bytes = new Uint8Array(events.reduce((s, e) => s + e.frame.length, 0));
    let at = 0;
    for (const e of events) {
      bytes.set(e.frame, at);
      at += e.frame.length;
    }
    this.segments.push({ firstSeq: events[0]!.seq, lastSeq: events.at(-1)!.seq, events, bytes });
    this.head = events.at(-1)!.seq;
    this.buffered += events.length;
    while (this.buffered > this.bufferMax && this.segments.length > 1) {
      const dropped = this.segments.shift()!;
      this.buffered -= dropped.events.length;
      this.base = dropped.lastSeq;
    }
    // Keeps the full-text backlog small while events flow (bulk indexing is cheap next to inserts).
    syncFts(this.deps).catch((e: unknown) => this.deps.logger.warn('full-text sync failed', { error: String(e) }));
    for (const wake of this.waiters) wake();
    this.waiters.clear();
    return rows.length;
  }

  /** Segments holding events after `cursor`, or null when `cursor` is older than the window. */
  after(cursor: number): FeedSegment[] | null {
    if (cursor < this.base) return null;
    let i = this.segments.length;
    while (i > 0 && this.segments[i - 1]!.lastSeq > cursor) i--;
    return this.segments.slice(i);
  }

  /** Resolves at the next poll that found events, or after `timeoutMs`. */
  next(timeoutMs: number): Promise<void> {
    return new Promise((ok) => {
      const t = setTimeout(() => {
        this.waiters.delete(done);
        ok();
      }, timeoutMs);
      const done = () => {
        clearTimeout(t);
        ok();
      };
      this.waiters.add(done);
    });
  }
}

const feeds = new WeakMap<AppDeps['db'], LiveFeed>();

/** The process's feed for this database. */
export function liveFeedFor(deps: AppDeps): LiveFeed {
  let f = feeds.get(deps.db);
  if (!f) feeds.set(deps.db, (f = new LiveFeed(deps)));
  return f;
}
