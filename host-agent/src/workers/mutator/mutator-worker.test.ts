import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archetype, type DeckyReport, type DeckySpec, type DesiredTopology, type TopologyReport } from '@decnet/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { localDesiredPath, writeLocalDesired } from '../../fleet/local-desired';
import type { DeckyRuntime } from '../../runtime/decky-runtime';
import { DesiredStore, storeAsRuntime } from './desired-store';
import { MutatorWorker, type MutatorBus } from './mutator-worker';

class FakeRuntime implements DeckyRuntime {
  readonly kind = 'local' as const;
  applied: DeckySpec[][] = [];
  topologies: Array<readonly DesiredTopology[] | undefined> = [];
  failNext = false;
  async apply(d: readonly DeckySpec[], t?: readonly DesiredTopology[]): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('boom');
    }
    this.applied.push([...d]);
    this.topologies.push(t);
  }
  reportTopologies(): TopologyReport[] {
    return (this.topologies.at(-1) ?? []).map((t) => ({ id: t.id, appliedVersion: t.version, state: 'active', isolated: false }));
  }
  report(): DeckyReport[] {
    return (this.applied.at(-1) ?? []).map((d) => ({ name: d.name, state: 'running', services: d.services, runtime: 'local' }));
  }
  async close(): Promise<void> {}
}

class FakeBus implements MutatorBus {
  messages: Array<{ topic: string; type: string; payload: unknown }> = [];
  handlers: Array<(env: unknown, topic: string) => void | Promise<void>> = [];
  publish<T>(topic: string, type: string, payload: T): void {
    this.messages.push({ topic, type, payload });
  }
  async subscribe(_p: string, _s: unknown, h: (env: unknown, topic: string) => void | Promise<void>): Promise<void> {
    this.handlers.push(h);
  }
  async close(): Promise<void> {}
  on(topic: string) {
    return this.messages.filter((m) => m.topic === topic).map((m) => m.payload);
  }
}

const web: DeckySpec = { name: 'web-01', archetype: 'linux-server', services: ['ssh'], serviceConfig: {}, mutateIntervalMin: 5 };
const pool = (s: DeckySpec) => (s.archetype ? archetype(s.archetype).services : ['ssh', 'telnet', 'http']);

let dir: string;
let seq = 0;
const random = () => ((seq = (seq * 9301 + 49297) % 233280) / 233280);

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-05-01T00:00:00Z') });
  dir = mkdtempSync(join(tmpdir(), 'mutator-'));
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

function make(runtime: FakeRuntime, desired: DesiredStore, bus = new FakeBus(), localDesiredFile?: string, onApplied?: () => void) {
  const w = new MutatorWorker({
    name: 'mutator', log: () => {}, fail: () => {}, runtime, desired, stateFile: join(dir, 'mutator-state.json'),
    servicePool: pool, openBus: () => bus, random, tickMs: 1000, ...(localDesiredFile && { localDesiredFile }), ...(onApplied && { onApplied }),
  });
  return { w, bus };
}

describe('MutatorWorker', () => {
  it('applies nothing until a source speaks, then applies the desired deckies and publishes their state', async () => {
    const rt = new FakeRuntime();
    const store = new DesiredStore();
    const { w, bus } = make(rt, store);
    await w.start();
    expect(rt.applied).toEqual([]);
    await storeAsRuntime(store, rt).apply([web]);
    await vi.advanceTimersByTimeAsync(10);
    expect(rt.applied).toEqual([[web]]);
    expect(bus.on('decnet/decky/web-01/state')).toEqual([{ name: 'web-01', state: 'running', services: ['ssh'], runtime: 'local' }]);
    await w.stop();
  });

  it('passes the desired topologies with the deckies to the runtime, and reports the runtime\'s', async () => {
    const rt = new FakeRuntime();
    const store = new DesiredStore();
    // The heartbeat is poked after each apply, once the runtime's topology report reflects it.
    const reportsAtPoke: TopologyReport[][] = [];
    const { w } = make(rt, store, undefined, undefined, () => reportsAtPoke.push(rt.reportTopologies()));
    await w.start();
    expect(reportsAtPoke).toEqual([]);
    const maze: DesiredTopology = {
      id: 't1', name: 'maze', version: 3, lans: [{ name: 'dmz', subnet: '10.9.0.0/24', dmz: true }],
      members: [{ decky: 'web-01', homes: [{ lan: 'dmz', ip: '10.9.0.5' }], forwards: false }],
    };
    const facade = storeAsRuntime(store, rt);
    await facade.apply([{ ...web, ip: '10.9.0.5' }], [maze]);
    await vi.advanceTimersByTimeAsync(10);
    expect(rt.topologies.at(-1)).toEqual([maze]);
    expect(facade.reportTopologies()).toEqual([{ id: 't1', appliedVersion: 3, state: 'active', isolated: false }]);
    expect(reportsAtPoke).toEqual([[{ id: 't1', appliedVersion: 3, state: 'active', isolated: false }]]);
    store.set([web], 'control-plane');
    await vi.advanceTimersByTimeAsync(10);
    expect(rt.topologies.at(-1)).toEqual([]);
    expect(reportsAtPoke).toHaveLength(2);
    await w.stop();
  });

  it('rotates services on mutateIntervalMin from the archetype pool and publishes the mutation', async () => {
    const rt = new FakeRuntime();
    const store = new DesiredStore();
    store.set([web], 'control-plane');
    const { w, bus } = make(rt, store);
    await w.start();
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(rt.applied).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(61_000);
    expect(rt.applied).toHaveLength(2);
    const rotated = rt.applied[1]![0]!;
    expect(rotated.services).not.toEqual(['ssh']);
    expect(rotated.services.every((s) => ['ssh', 'http'].includes(s))).toBe(true);
    expect(bus.on('decnet/decky/web-01/mutation')).toEqual([{ decky: 'web-01', oldServices: ['ssh'], newServices: rotated.services, reason: 'interval' }]);
    await w.stop();

    // A restart keeps the rotation (persisted), and a changed desired spec resets it.
    const rt2 = new FakeRuntime();
    const again = make(rt2, store);
    await again.w.start();
    expect(rt2.applied[0]![0]!.services).toEqual(rotated.services);
    store.set([{ ...web, services: ['http'], serviceConfig: { http: { server_header: 'nginx' } } }], 'control-plane');
    await vi.advanceTimersByTimeAsync(10);
    expect(rt2.applied.at(-1)![0]!.services).toEqual(['http']);
    await again.w.stop();
  });

  it('rotates on a mutate_request from the bus, and never for a decky without an interval', async () => {
    const rt = new FakeRuntime();
    const store = new DesiredStore();
    store.set([{ ...web, mutateIntervalMin: undefined }], 'control-plane');
    const { w, bus } = make(rt, store);
    await w.start();
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    expect(rt.applied).toHaveLength(1);
    await bus.handlers[0]!({}, 'decnet/decky/web-01/mutate_request');
    expect(rt.applied).toHaveLength(2);
    expect(bus.on('decnet/decky/web-01/mutation')).toHaveLength(1);
    await w.stop();
  });

  it('re-applies after a failed apply and follows the local fleet file when not enrolled', async () => {
    const rt = new FakeRuntime();
    rt.failNext = true;
    const file = localDesiredPath(dir);
    writeLocalDesired(file, [web]);
    const { w } = make(rt, new DesiredStore(), new FakeBus(), file);
    await w.start();
    expect(rt.applied).toEqual([]);
    expect(w.health().status).toBe('degraded');
    await vi.advanceTimersByTimeAsync(1000);
    expect(rt.applied).toEqual([[web]]);
    expect(w.health().status).toBe('ok');
    writeLocalDesired(file, []);
    await vi.advanceTimersByTimeAsync(1000);
    expect(rt.applied.at(-1)).toEqual([]);
    await w.stop();
  });
});
