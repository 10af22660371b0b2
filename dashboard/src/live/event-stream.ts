// Live events over Server-Sent Events with single-use tickets: each (re)connect fetches a new
// ticket, resumes after the last seen id, and backs off with jitter. No browser APIs are touched
// directly (EventSource and timers are injected) so the reconnect logic is unit-tested.
import type { EventItem } from '../api/types';

export type StreamStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'unavailable' | 'stopped';

export interface MessageLike {
  data: string;
  lastEventId: string;
}

export interface EventSourceLike {
  onopen: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  addEventListener(type: string, fn: (ev: MessageLike) => void): void;
  close(): void;
}

export interface StreamDeps {
  getTicket(): Promise<string>;
  openSource(url: string): EventSourceLike;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  random?: () => number;
  /** Ticket errors after which retrying is pointless (auth ended, route missing). */
  isFatal?: (err: unknown) => boolean;
}

export interface StreamHandlers {
  onEvent(ev: EventItem): void;
  onStatus(status: StreamStatus, detail?: string): void;
}

export const STREAM_PATH = '/api/v1/stream';

/** Exponential backoff, 1 s doubling to 30 s, with ±20 % jitter. */
export function backoffMs(attempt: number, random: () => number = Math.random, baseMs = 1000, maxMs = 30_000): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

export function streamUrl(ticket: string, lastEventId: string | null, path = STREAM_PATH): string {
  const q = new URLSearchParams({ ticket });
  if (lastEventId) q.set('lastEventId', lastEventId);
  return `${path}?${q.toString()}`;
}

export class LiveStream {
  lastEventId: string | null = null;
  private source: EventSourceLike | null = null;
  private timer: unknown = null;
  private attempt = 0;
  private running = false;
  /** Bumped on every connect/stop, so stale async results are ignored. */
  private generation = 0;

  constructor(
    private readonly deps: StreamDeps,
    private readonly handlers: StreamHandlers,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    this.generation++;
    this.teardown();
    this.handlers.onStatus('stopped');
  }

  private teardown(): void {
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = null;
    this.source?.close();
    this.source = null;
  }

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    this.teardown();
    this.handlers.onStatus(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let ticket: string;
    try {
      ticket = await this.deps.getTicket();
    } catch (err) {
      if (gen !== this.generation) return;
      if (this.deps.isFatal?.(err)) {
        this.running = false;
        this.handlers.onStatus('unavailable', (err as Error)?.message);
        return;
      }
      this.scheduleReconnect(gen);
      return;
    }
    if (gen !== this.generation) return;
    const es = this.deps.openSource(streamUrl(ticket, this.lastEventId));
    this.source = es;
    es.onopen = () => {
      if (gen !== this.generation) return;
      this.attempt = 0;
      this.handlers.onStatus('live');
    };
    es.addEventListener('event', (msg) => this.receive(gen, msg));
    es.onerror = () => {
      if (gen !== this.generation) return;
      // The ticket was single use: the browser's own retry would be refused, so start over.
      es.close();
      this.source = null;
      this.scheduleReconnect(gen);
    };
  }

  private receive(gen: number, msg: MessageLike): void {
    if (gen !== this.generation) return;
    let ev: EventItem;
    try {
      ev = JSON.parse(msg.data) as EventItem;
    } catch {
      return;
    }
    const id = msg.lastEventId || (ev.seq !== undefined ? String(ev.seq) : '');
    if (id && this.lastEventId && Number(id) <= Number(this.lastEventId)) return; // replayed
    if (id) this.lastEventId = id;
    this.handlers.onEvent(ev);
  }

  private scheduleReconnect(gen: number): void {
    if (!this.running || gen !== this.generation) return;
    const delay = backoffMs(this.attempt, this.deps.random);
    this.attempt++;
    this.handlers.onStatus('reconnecting', `retrying in ${Math.ceil(delay / 1000)} s`);
    this.timer = this.deps.setTimer(() => {
      this.timer = null;
      if (this.running && gen === this.generation) void this.connect();
    }, delay);
  }
}
