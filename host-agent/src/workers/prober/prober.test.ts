// The scheduler with fake timers and a controllable probe: first sight, the period, the rate limit,
// the concurrency limit, the queue and seen-table caps, and the started/result events.
import { PROBER_MSGIDS, type ServiceEvent } from '@decnet/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProberConfigSchema, type ProberConfig } from './config';
import { ProbePolicy } from './policy';
import type { ProbeReport } from './probe-host';
import { Prober } from './prober';

function setup(over: Partial<ProberConfig> = {}) {
  const config = ProberConfigSchema.parse({ enabled: true, periodS: 600, concurrency: 2, ratePerMinute: 6, maxQueued: 4, maxTracked: 16, ...over });
  const events: ServiceEvent[] = [];
  const calls: Array<{ ip: string; done(r?: Partial<ProbeReport>): void; fail(e: Error): void }> = [];
  const prober = new Prober({
    config, policy: new ProbePolicy({ allow: [], deny: ['9.9.9.9'], fleet: () => [] }), emit: (e) => void events.push(e),
    probe: (ip) => new Promise<ProbeReport>((ok, fail) => calls.push({ ip, done: (r) => ok({ openPorts: [22], steps: ['ports:1/7'], fields: { open_ports: '22' }, ...r }), fail })),
  });
  return { prober, events, calls };
}
const flush = () => vi.advanceTimersByTimeAsync(0);

describe('Prober scheduler', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('probes on first sight, then not again within the period, then again after it', async () => {
    const { prober, events, calls } = setup();
    prober.sight('8.8.8.8', 'web-01');
    prober.sight('::ffff:8.8.8.8', 'web-02');
    expect(calls.map((c) => c.ip)).toEqual(['8.8.8.8']);
    calls[0]!.done();
    await flush();
    expect(events.map((e) => [e.eventType, e.decky, e.srcIp, e.service])).toEqual([
      ['probe_started', 'web-01', '8.8.8.8', 'prober'], ['prober_result', 'web-01', '8.8.8.8', 'prober'],
    ]);
    expect(events[0]!.fields).toMatchObject({ reason: 'first_sight', ports: '22,80,443,8080,8443,3389,445' });
    expect(events[1]!.fields).toMatchObject({ status: 'done', open_ports: '22', probes: 'ports:1/7' });
    await vi.advanceTimersByTimeAsync(599_000);
    prober.sight('8.8.8.8', 'web-01');
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2000);
    prober.sight('8.8.8.8', 'web-01');
    expect(calls).toHaveLength(2);
    expect(events[2]!.fields.reason).toBe('period');
    expect(prober.counters).toMatchObject({ skippedRecent: 2, started: 2 });
    for (const e of events) expect(PROBER_MSGIDS).toContain(e.eventType);
  });

  it('holds the concurrency limit and the per-minute rate, queueing the rest within a bound', async () => {
    const { prober, calls } = setup();
    for (let i = 1; i <= 10; i++) prober.sight(`8.8.8.${i}`, 'web-01');
    prober.sight('9.9.9.9', 'web-01');
    prober.sight('10.0.0.1', 'web-01');
    expect(calls).toHaveLength(2); // concurrency 2
    expect(prober.queueLength).toBe(4); // maxQueued
    expect(prober.counters).toMatchObject({ queueFull: 4, skippedDenied: 1, skippedProtected: 1 });
    calls[0]!.done();
    calls[1]!.fail(new Error('boom'));
    await flush();
    // 6/min with a burst of min(6, 2*2)=4 tokens: 2 used, 2 left.
    expect(calls).toHaveLength(4);
    calls[2]!.done();
    calls[3]!.done();
    await flush();
    expect(calls).toHaveLength(4); // out of tokens: the next waits ~10 s
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(6);
    expect(prober.queueLength).toBe(0);
    expect(prober.counters).toMatchObject({ finished: 3, failed: 1 });
  });

  it('caps the seen table and expires old entries; stop drops the queue and clears its timer', async () => {
    const { prober, calls } = setup({ concurrency: 64, ratePerMinute: 600, maxQueued: 64 });
    for (let i = 1; i <= 20; i++) {
      prober.sight(`8.8.${i}.1`, 'web-01');
      await vi.advanceTimersByTimeAsync(1000);
    }
    for (const c of calls) c.done();
    await flush();
    expect(prober.trackedCount).toBe(16);
    expect(prober.counters.seenEvicted).toBe(4);
    await vi.advanceTimersByTimeAsync(590_000);
    prober.sweep();
    expect(prober.trackedCount).toBe(10);
    for (let i = 1; i <= 80; i++) prober.sight(`1.1.${i}.1`, 'web-01');
    expect(prober.queueLength).toBeGreaterThan(0);
    prober.stop();
    expect(prober.queueLength).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
