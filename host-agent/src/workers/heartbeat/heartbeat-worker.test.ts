import type { Heartbeat } from '@decnet/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallOptions, CallOutcome } from '../../uplink/mtls-client';
import { HeartbeatWorker, type HeartbeatResult } from './heartbeat-worker';

const beat: Heartbeat = {
  agentVersion: '0.1.0', uptimeS: 1, workers: [], deckies: [], spool: { pending: 0, dropped: 0 },
  // What the runtime realised of each topology travels as collected (schema-checked).
  topologies: [{ id: 't1', appliedVersion: 2, state: 'degraded', error: 'lan inner: network failed', isolated: true }],
};

function setup(answer: (o: CallOptions) => Promise<CallOutcome>) {
  const calls: CallOptions[] = [];
  const results: HeartbeatResult[] = [];
  const logs: string[] = [];
  const w = new HeartbeatWorker({
    name: 'heartbeat', fail: () => {}, log: (m) => logs.push(m),
    call: (o) => (calls.push(o), answer(o)),
    collect: () => beat,
    intervalMs: 30_000,
    onResult: (r) => results.push(r),
  });
  return { w, calls, results, logs };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('HeartbeatWorker', () => {
  it('beats at start and every 30 s, passing on the desired version', async () => {
    const t = setup(async () => ({ kind: 'ok', status: 200, body: { ok: true, desiredVersion: 4 } }));
    await t.w.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0]).toMatchObject({ method: 'POST', path: '/agent/v1/heartbeat' });
    expect(JSON.parse(String(t.calls[0]!.body))).toEqual(beat);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.calls).toHaveLength(3);
    expect(t.results.at(-1)).toMatchObject({ ok: true, desiredVersion: 4 });
    expect(t.w.health()).toMatchObject({ status: 'ok', counters: { sent: 3, failed: 0 } });
    await t.w.stop();
  });

  it('reports a refused identity loudly and as degraded health', async () => {
    const t = setup(async () => ({ kind: 'identity', status: 403, code: 'forbidden', message: 'This host has been decommissioned' }));
    await t.w.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.logs[0]).toMatch(/REFUSES THIS HOST: 403 forbidden/);
    expect(t.w.health()).toMatchObject({ status: 'degraded', message: expect.stringMatching(/decommissioned/) });
    await t.w.stop();
  });

  it('never stacks heartbeats behind a slow control plane, and stop aborts the one in flight', async () => {
    let aborted = false;
    const t = setup((o) => new Promise((ok) => o.signal!.addEventListener('abort', () => ((aborted = true), ok({ kind: 'retry', status: 0, code: 'AbortError', message: 'aborted' })))));
    await t.w.start();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(t.calls).toHaveLength(1);
    await t.w.stop();
    expect(aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('poke() reports at once, and a poke during a beat in flight gives exactly one more beat after it', async () => {
    let release: (() => void) | undefined;
    const ok: CallOutcome = { kind: 'ok', status: 200, body: { ok: true, desiredVersion: 1 } };
    const t = setup(() => new Promise((done) => (release = () => done(ok))));
    t.w.poke(); // before start: nothing to report with
    expect(t.calls).toHaveLength(0);
    await t.w.start();
    expect(t.calls).toHaveLength(1); // the start beat, still in flight
    t.w.poke();
    t.w.poke(); // coalesced with the one above
    expect(t.calls).toHaveLength(1);
    release!();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.calls).toHaveLength(2); // the poked beat, collected after the poke
    release!();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.calls).toHaveLength(2);
    t.w.poke(); // idle: immediately, not at the 30 s interval
    expect(t.calls).toHaveLength(3);
    release!();
    await vi.advanceTimersByTimeAsync(0);
    await t.w.stop();
    t.w.poke();
    expect(t.calls).toHaveLength(3);
  });
});
