// The per-topology live stream (GET /topologies/{id}/stream, SSE): a snapshot, then status,
// mutation and decky frames. Single-use tickets, so every (re)connect takes a new one and starts
// over with a fresh snapshot; backoff as the app's event stream. Browser APIs are injected.
import type { TopologyStreamFrame } from '@decnet/protocol';
import { backoffMs, type EventSourceLike } from '../../live/event-stream';

export type TopologyStreamStatus = 'connecting' | 'live' | 'reconnecting' | 'stopped';
export const FRAME_TYPES = ['snapshot', 'status', 'mutation', 'decky'] as const;

export interface TopologyStreamDeps {
  getTicket(): Promise<string>;
  openSource(url: string): EventSourceLike;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  random?: () => number;
}

export function topologyStreamUrl(id: string, ticket: string): string {
  return `/api/v1/topologies/${encodeURIComponent(id)}/stream?${new URLSearchParams({ ticket }).toString()}`;
}

/** A frame from its SSE data, or null when it is not JSON of a known type. */
export function parseFrame(data: string): TopologyStreamFrame | null {
  try {
    const v = JSON.parse(data) as { type?: unknown };
    return typeof v === 'object' && v !== null && (FRAME_TYPES as readonly unknown[]).includes(v.type) ? (v as TopologyStreamFrame) : null;
  } catch {
    return null;
  }
}

export class TopologyStream {
  private source: EventSourceLike | null = null;
  private timer: unknown = null;
  private attempt = 0;
  private generation = 0;
  private running = false;

  constructor(
    private readonly id: string,
    private readonly deps: TopologyStreamDeps,
    private readonly onFrame: (f: TopologyStreamFrame) => void,
    private readonly onStatus: (s: TopologyStreamStatus) => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    this.generation++;
    this.teardown();
    this.onStatus('stopped');
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
    this.onStatus(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let ticket: string;
    try {
      ticket = await this.deps.getTicket();
    } catch {
      return this.retry(gen);
    }
    if (gen !== this.generation) return;
    const es = this.deps.openSource(topologyStreamUrl(this.id, ticket));
    this.source = es;
    es.onopen = () => {
      if (gen !== this.generation) return;
      this.attempt = 0;
      this.onStatus('live');
    };
    for (const type of FRAME_TYPES) {
      es.addEventListener(type, (msg) => {
        if (gen !== this.generation) return;
        const frame = parseFrame(msg.data);
        if (frame && frame.type === type) this.onFrame(frame);
      });
    }
    es.onerror = () => {
      if (gen !== this.generation) return;
      es.close(); // the ticket was single use: the browser's own retry would be refused
      this.source = null;
      this.retry(gen);
    };
  }

  private retry(gen: number): void {
    if (!this.running || gen !== this.generation) return;
    const delay = backoffMs(this.attempt++, this.deps.random);
    this.onStatus('reconnecting');
    this.timer = this.deps.setTimer(() => {
      this.timer = null;
      if (this.running && gen === this.generation) void this.connect();
    }, delay);
  }
}
