// SSE reconnect logic with a fake EventSource and fake timers: a fresh ticket per connection,
// resume from the last seen id, backoff, replay suppression, fatal errors, stop.
import { describe, expect, it, vi } from 'vitest';
import type { EventItem } from '../api/types';
import { backoffMs, LiveStream, streamUrl, type EventSourceLike, type MessageLike, type StreamStatus } from './event-stream';

class FakeSource implements EventSourceLike {
  onopen: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  closed = false;
  private listeners = new Map<string, (ev: MessageLike) => void>();
  constructor(readonly url: string) {}
  addEventListener(type: string, fn: (ev: MessageLike) => void) {
    this.listeners.set(type, fn);
  }
  close() {
    this.closed = true;
  }
  emit(seq: number) {
    const ev = { id: `e${seq}`, seq } as EventItem;
    this.listeners.get('event')?.({ data: JSON.stringify(ev), lastEventId: String(seq) });
  }
}

function setup(opts: { ticket?: () => Promise<string>; isFatal?: (e: unknown) => boolean } = {}) {
  vi.useFakeTimers();
  const sources: FakeSource[] = [];
  const events: EventItem[] = [];
  const statuses: StreamStatus[] = [];
  let n = 0;
  const getTicket = vi.fn(opts.ticket ?? (async () => `t${++n}`));
  const stream = new LiveStream(
    {
      getTicket,
      openSource: (url) => {
        const s = new FakeSource(url);
        sources.push(s);
        return s;
      },
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      random: () => 0.5,
      isFatal: opts.isFatal,
    },
    { onEvent: (e) => events.push(e), onStatus: (s) => statuses.push(s) },
  );
  return { stream, sources, events, statuses, getTicket };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

describe('backoffMs', () => {
  it('doubles from 1 s to a 30 s cap with ±20 % jitter', () => {
    expect(backoffMs(0, () => 0.5)).toBe(1000);
    expect(backoffMs(3, () => 0.5)).toBe(8000);
    expect(backoffMs(20, () => 0.5)).toBe(30_000);
    expect(backoffMs(0, () => 0)).toBe(800);
    expect(backoffMs(0, () => 1)).toBe(1200);
  });
});

describe('streamUrl', () => {
  it('carries the ticket and the resume point', () => {
    expect(streamUrl('abc', null)).toBe('/api/v1/stream?ticket=abc');
    expect(streamUrl('a b', '42')).toBe('/api/v1/stream?ticket=a+b&lastEventId=42');
  });
});

describe('LiveStream', () => {
  it('connects with a ticket and delivers events', async () => {
    const { stream, sources, events, statuses } = setup();
    stream.start();
    await flush();
    expect(sources[0]!.url).toBe('/api/v1/stream?ticket=t1');
    sources[0]!.onopen?.({});
    expect(statuses).toEqual(['connecting', 'live']);
    sources[0]!.emit(1);
    sources[0]!.emit(2);
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
    expect(stream.lastEventId).toBe('2');
    stream.stop();
  });

  it('on error closes, waits, takes a new ticket and resumes after the last id', async () => {
    const { stream, sources, getTicket, statuses } = setup();
    stream.start();
    await flush();
    sources[0]!.onopen?.({});
    sources[0]!.emit(7);
    sources[0]!.onerror?.({});
    expect(sources[0]!.closed).toBe(true);
    expect(statuses.at(-1)).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(999);
    expect(sources).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(getTicket).toHaveBeenCalledTimes(2);
    expect(sources[1]!.url).toBe('/api/v1/stream?ticket=t2&lastEventId=7');
    stream.stop();
  });

  it('backs off further on repeated failures and resets after a good connection', async () => {
    const { stream, sources } = setup();
    stream.start();
    await flush();
    sources[0]!.onerror?.({});
    await vi.advanceTimersByTimeAsync(1000);
    sources[1]!.onerror?.({});
    await vi.advanceTimersByTimeAsync(1999);
    expect(sources).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sources).toHaveLength(3);
    sources[2]!.onopen?.({});
    sources[2]!.onerror?.({});
    await vi.advanceTimersByTimeAsync(1000);
    expect(sources).toHaveLength(4);
    stream.stop();
  });

  it('drops replayed events after a resume', async () => {
    const { stream, sources, events } = setup();
    stream.start();
    await flush();
    sources[0]!.emit(5);
    sources[0]!.onerror?.({});
    await vi.advanceTimersByTimeAsync(1000);
    sources[1]!.emit(5);
    sources[1]!.emit(6);
    expect(events.map((e) => e.seq)).toEqual([5, 6]);
    stream.stop();
  });

  it('retries when the ticket request fails, stops for good on a fatal error', async () => {
    let fail = true;
    const retry = setup({ ticket: async () => (fail ? Promise.reject(new Error('network')) : 't') });
    retry.stream.start();
    await flush();
    expect(retry.sources).toHaveLength(0);
    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(retry.sources).toHaveLength(1);
    retry.stream.stop();

    const fatal = setup({ ticket: async () => Promise.reject(new Error('no route')), isFatal: () => true });
    fatal.stream.start();
    await flush();
    expect(fatal.statuses.at(-1)).toBe('unavailable');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fatal.getTicket).toHaveBeenCalledTimes(1);
  });

  it('stop() cancels a pending reconnect and ignores late results', async () => {
    const { stream, sources, getTicket } = setup();
    stream.start();
    await flush();
    sources[0]!.onerror?.({});
    stream.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(getTicket).toHaveBeenCalledTimes(1);
    expect(sources).toHaveLength(1);
  });

  it('ignores malformed data', async () => {
    const { stream, sources, events } = setup();
    stream.start();
    await flush();
    (sources[0] as unknown as { listeners: Map<string, (m: MessageLike) => void> }).listeners.get('event')!({ data: '{oops', lastEventId: '1' });
    expect(events).toHaveLength(0);
    stream.stop();
  });
});
