import type { DeckySpec, DesiredStateResponse, DesiredTopology } from '@decnet/protocol';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PendingRuntime } from '../../runtime/decky-runtime';
import type { CallOptions, CallOutcome } from '../../uplink/mtls-client';
import { DesiredStateWorker } from './desired-state-worker';

const decky = (name: string): DeckySpec => ({ name, services: ['ssh'], serviceConfig: {} });
let dir: string;
beforeEach(() => {
  vi.useFakeTimers();
  dir = mkdtempSync(join(tmpdir(), 'desired-'));
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

/** A long-polling control plane: answers at once when the version differs, else after waitS. */
function server() {
  const state: { version: number; deckies: DeckySpec[]; topologies?: DesiredTopology[]; down: boolean } = { version: 1, deckies: [decky('web-01')], down: false };
  const calls: string[] = [];
  const call = (o: CallOptions): Promise<CallOutcome> => {
    calls.push(o.path);
    if (state.down) return Promise.resolve({ kind: 'retry', status: 0, code: 'ECONNREFUSED', message: 'down' });
    const since = /sinceVersion=(\d+)/.exec(o.path)?.[1];
    const answer = (): CallOutcome => ({ kind: 'ok', status: 200, body: { version: state.version, deckies: state.deckies, ...(state.topologies && { topologies: state.topologies }) } satisfies DesiredStateResponse });
    if (since === undefined || Number(since) !== state.version) return Promise.resolve(answer());
    return new Promise((ok) => {
      const t = setTimeout(() => ok(answer()), 25_000);
      o.signal?.addEventListener('abort', () => (clearTimeout(t), ok({ kind: 'retry', status: 0, code: 'AbortError', message: 'aborted' })));
    });
  };
  return { state, calls, call };
}

function worker(call: (o: CallOptions) => Promise<CallOutcome>, runtime = new PendingRuntime('local')) {
  const applied: number[] = [];
  const w = new DesiredStateWorker({
    name: 'desired-state', fail: () => {}, log: () => {},
    call, runtime, file: join(dir, 'desired-state.json'), waitS: 25,
    backoff: { baseMs: 1000, maxMs: 30_000, random: () => 1 }, identityRetryMs: 60_000,
    onApplied: (s) => applied.push(s.version),
  });
  return { w, applied, runtime };
}

describe('DesiredStateWorker', () => {
  it('fetches, applies and persists the desired state, then long-polls with its version', async () => {
    const s = server();
    const { w, applied, runtime } = worker(s.call);
    await w.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(applied).toEqual([1]);
    expect(runtime.report()).toEqual([{ name: 'web-01', state: 'pending', services: ['ssh'], runtime: 'local', error: expect.any(String) }]);
    expect(JSON.parse(readFileSync(join(dir, 'desired-state.json'), 'utf8'))).toMatchObject({ version: 1 });
    expect(s.calls).toEqual(['/agent/v1/desired-state?waitS=25', '/agent/v1/desired-state?sinceVersion=1&waitS=25']);
    s.state.version = 2;
    s.state.deckies = [decky('web-01'), decky('db-01')];
    await vi.advanceTimersByTimeAsync(25_000); // the held poll returns with the new version
    expect(applied).toEqual([1, 2]);
    expect(runtime.report().map((d) => d.name)).toEqual(['web-01', 'db-01']);
    expect(runtime.reportTopologies()).toEqual([]);
    s.state.version = 3;
    s.state.topologies = [{ id: 't1', name: 'maze', version: 1, lans: [{ name: 'dmz', subnet: '10.9.0.0/24', dmz: true }], members: [{ decky: 'db-01', homes: [{ lan: 'dmz', ip: '10.9.0.5' }], forwards: false }] }];
    await vi.advanceTimersByTimeAsync(25_000);
    expect(applied).toEqual([1, 2, 3]);
    // The pending runtime realises nothing: the topology is reported failed with the runtime's reason.
    expect(runtime.reportTopologies()).toEqual([{ id: 't1', appliedVersion: 0, state: 'failed', error: expect.any(String), isolated: false }]);
    await w.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('re-applies the persisted state at start even when the control plane is down, and backs off', async () => {
    const s = server();
    const first = worker(s.call);
    await first.w.start();
    await vi.advanceTimersByTimeAsync(0);
    await first.w.stop();
    s.state.down = true;
    const second = worker(s.call);
    await second.w.start();
    expect(second.applied).toEqual([1]);
    expect(second.runtime.report().map((d) => d.name)).toEqual(['web-01']);
    const before = s.calls.length;
    await vi.advanceTimersByTimeAsync(1000 + 2000 + 4000);
    expect(s.calls.length - before).toBe(3); // retries 1 s, 3 s and 7 s after the first refusal
    expect(second.w.health()).toMatchObject({ status: 'degraded', message: expect.stringMatching(/ECONNREFUSED/) });
    await second.w.stop();
  });
});
