import type { HealthPayload } from '@decnet/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Supervisor } from './supervisor';
import type { Worker, WorkerContext, WorkerSpec } from './worker';

class FakeWorker implements Worker {
  started = false;
  stopped = false;
  constructor(readonly ctx: WorkerContext, private readonly behaviour: { failStart?: boolean } = {}) {}
  async start() {
    if (this.behaviour.failStart) throw new Error('boom at start');
    this.started = true;
  }
  async stop() {
    this.stopped = true;
  }
  health() {
    return { status: 'ok' as const, counters: { things: 3 } };
  }
}

function setup(specsOf: (made: FakeWorker[]) => WorkerSpec[]) {
  const made: FakeWorker[] = [];
  const published: HealthPayload[] = [];
  const sup = new Supervisor({
    specs: specsOf(made),
    publishHealth: (p) => published.push(p),
    log: () => {},
    healthIntervalMs: 30_000,
    backoff: { baseMs: 1000, maxMs: 30_000, random: () => 1 },
    stableAfterMs: 60_000,
  });
  return { sup, made, published };
}

const spec = (name: string, made: FakeWorker[], failStarts = 0): WorkerSpec => {
  let n = 0;
  return { name, create: (ctx) => { const w = new FakeWorker(ctx, { failStart: n++ < failStarts }); made.push(w); return w; } };
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Supervisor', () => {
  it('restarts a worker whose start throws, with exponential backoff (1 s, 2 s, 4 s)', async () => {
    const { sup, made } = setup((m) => [spec('uplink', m, 3)]);
    await sup.start();
    expect(made).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(made).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(made).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(made).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(4000);
    expect(made).toHaveLength(4);
    expect(made[3]!.started).toBe(true);
    expect(sup.snapshot()[0]).toMatchObject({ name: 'uplink', state: 'running', restarts: 3, status: 'ok' });
    await sup.stop();
  });

  it('replaces a running worker that reports failure with a fresh instance, stopping the old one', async () => {
    const { sup, made, published } = setup((m) => [spec('heartbeat', m)]);
    await sup.start();
    made[0]!.ctx.fail(new Error('lost the plot'));
    made[0]!.ctx.fail(new Error('twice')); // a second report of the same failure is ignored
    expect(made[0]!.stopped).toBe(true);
    expect(published.at(-1)).toMatchObject({ worker: 'heartbeat', status: 'degraded', message: 'restarting after: lost the plot' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(made).toHaveLength(2);
    expect(sup.snapshot()[0]).toMatchObject({ state: 'running', restarts: 1 });
    made[0]!.ctx.fail(new Error('stale instance')); // the old instance can no longer trigger restarts
    await vi.advanceTimersByTimeAsync(60_000);
    expect(made).toHaveLength(2);
    await sup.stop();
  });

  it('starts the backoff from zero again once a worker was stable for a minute', async () => {
    const { sup, made } = setup((m) => [spec('w', m)]);
    await sup.start();
    made[0]!.ctx.fail('x');
    await vi.advanceTimersByTimeAsync(1000);
    made[1]!.ctx.fail('y');
    await vi.advanceTimersByTimeAsync(1999);
    expect(made).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(made).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(60_000);
    made[2]!.ctx.fail('z');
    await vi.advanceTimersByTimeAsync(1000);
    expect(made).toHaveLength(4);
    await sup.stop();
  });

  it('publishes every worker health every 30 s, with counters and the restart count', async () => {
    const { sup, published } = setup((m) => [spec('uplink', m), spec('ingest', m)]);
    await sup.start();
    published.length = 0;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(published.map((p) => p.worker)).toEqual(['uplink', 'ingest']);
    expect(published[0]).toMatchObject({ status: 'ok', uptimeS: 30, counters: { restarts: 0, things: 3 } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(published).toHaveLength(6);
    await sup.stop();
  });

  it('stop clears every timer: no restart, no health after it', async () => {
    const { sup, made, published } = setup((m) => [spec('a', m, 1), spec('b', m)]);
    await sup.start();
    await sup.stop();
    const counts = [made.length, published.length];
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect([made.length, published.length]).toEqual(counts);
    expect(made.every((w) => !w.started || w.stopped)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
