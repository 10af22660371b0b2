// The topology stream client (fake EventSource and timers), frame folding and the canvas graph.
import type { TopologyBody, TopologySnapshot } from '@decnet/protocol';
import { describe, expect, it } from 'vitest';
import type { EventSourceLike, MessageLike } from '../../live/event-stream';
import { graphElements, needsLayout, parseNodeId } from './graph-logic';
import { applyFrame, bodyOf, keepNewer } from './snapshot-logic';
import { parseFrame, TopologyStream, topologyStreamUrl, type TopologyStreamStatus } from './topology-stream';

class FakeSource implements EventSourceLike {
  onopen: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  closed = false;
  listeners = new Map<string, (ev: MessageLike) => void>();
  constructor(readonly url: string) {}
  addEventListener(type: string, fn: (ev: MessageLike) => void) {
    this.listeners.set(type, fn);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: unknown) {
    this.listeners.get(type)?.({ data: typeof data === 'string' ? data : JSON.stringify(data), lastEventId: '' });
  }
}

const SNAP: TopologySnapshot = {
  id: 't1', name: 'maze', hostId: 'h1', status: 'active', statusReason: null, version: 3, createdAt: '', updatedAt: '',
  lans: [{ name: 'dmz', subnet: '10.1.0.0/24', dmz: true, pos: { x: 0, y: 0 } }],
  deckies: [{ id: 'd1', name: 'gw', services: ['ssh'], serviceConfig: {}, homes: [{ lan: 'dmz', ip: '10.1.0.2' }], forwards: false, pos: { x: 10, y: 80 }, reported: null }],
  pendingMutations: [], isolated: false, appliedVersion: 3,
};

describe('TopologyStream', () => {
  it('takes a ticket per connection, passes known frames on, drops junk, reconnects after an error', async () => {
    const sources: FakeSource[] = [];
    const timers: (() => void)[] = [];
    const frames: unknown[] = [];
    const statuses: TopologyStreamStatus[] = [];
    let tickets = 0;
    const s = new TopologyStream(
      't/1',
      { getTicket: async () => `tk${++tickets}`, openSource: (u) => (sources.push(new FakeSource(u)), sources.at(-1)!), setTimer: (fn) => timers.push(fn), clearTimer: () => undefined, random: () => 0.5 },
      (f) => frames.push(f),
      (st) => statuses.push(st),
    );
    s.start();
    await Promise.resolve();
    expect(sources[0]!.url).toBe(topologyStreamUrl('t/1', 'tk1'));
    expect(sources[0]!.url).toBe('/api/v1/topologies/t%2F1/stream?ticket=tk1');
    sources[0]!.onopen?.({});
    sources[0]!.emit('snapshot', { type: 'snapshot', snapshot: SNAP });
    sources[0]!.emit('status', 'not json');
    sources[0]!.emit('decky', { type: 'status' }); // a frame under another event name
    expect(frames).toEqual([{ type: 'snapshot', snapshot: SNAP }]);
    sources[0]!.onerror?.({});
    expect(sources[0]!.closed).toBe(true);
    expect(statuses).toEqual(['connecting', 'live', 'reconnecting']);
    timers.shift()!();
    await Promise.resolve();
    expect(sources[1]!.url).toContain('ticket=tk2');
    s.stop();
    expect(sources[1]!.closed).toBe(true);
    expect(statuses.at(-1)).toBe('stopped');
    expect(parseFrame('{"type":"nope"}')).toBeNull();
  });
});

describe('frames and graph', () => {
  it('folds status, mutation and decky frames into the snapshot', () => {
    let s = applyFrame(SNAP, { type: 'status', status: 'degraded', statusReason: 'boom', version: 4, appliedVersion: 3, isolated: false });
    expect(s).toMatchObject({ status: 'degraded', statusReason: 'boom', version: 4 });
    const m = { id: 'm1', topologyId: 't1', ops: [], trigger: 'api', actor: 'admin', baseVersion: 4, resultVersion: 5, status: 'pending' as const, error: null, createdAt: '', appliedAt: null };
    s = applyFrame(s, { type: 'mutation', mutation: m });
    expect(s?.pendingMutations).toHaveLength(1);
    expect(s?.version).toBe(5);
    s = applyFrame(s, { type: 'mutation', mutation: { ...m, status: 'applied' } });
    expect(s?.pendingMutations).toEqual([]);
    s = applyFrame(s, { type: 'decky', name: 'gw', reported: { state: 'running', services: ['ssh'], error: null, at: '' }, removed: false });
    expect(s?.deckies[0]!.reported?.state).toBe('running');
    expect(applyFrame(s, { type: 'decky', name: 'gw', reported: null, removed: true })?.deckies).toEqual([]);
    expect(applyFrame(null, { type: 'status', status: 'active', statusReason: null, version: 1, appliedVersion: 1, isolated: true })).toBeNull();
  });
  it('a fetched snapshot answered before the agent\'s report does not take the applied version back', () => {
    const streamed = applyFrame({ ...SNAP, status: 'deploying', appliedVersion: 2 }, { type: 'status', status: 'active', statusReason: null, version: SNAP.version, appliedVersion: SNAP.version, isolated: false })!;
    const staleGet = { ...SNAP, status: 'deploying' as const, appliedVersion: 2 };
    expect(keepNewer(streamed, staleGet)).toMatchObject({ status: 'active', appliedVersion: SNAP.version });
    const newer = { ...SNAP, version: SNAP.version + 1, appliedVersion: 2 };
    expect(keepNewer(streamed, newer)).toBe(newer); // another version: the fetched body wins
    expect(keepNewer(null, staleGet)).toBe(staleGet);
  });
  it('draws LANs, deckies and homes, marks staged nodes and keeps ghosts of removed ones', () => {
    const base: TopologyBody = bodyOf(SNAP);
    const preview: TopologyBody = {
      ...base,
      lans: [...base.lans, { name: 'inner', subnet: '10.1.1.0/24', dmz: false, pos: { x: 0, y: 200 } }],
      deckies: [{ ...base.deckies[0]!, forwards: true, homes: [{ lan: 'inner', ip: '10.1.1.2' }] }],
    };
    const els = graphElements(preview, base, { gw: 'running' });
    const byId = Object.fromEntries(els.map((e) => [e.data.id, e]));
    expect(byId['lan:inner']!.classes).toBe('lan staged-new');
    expect(byId['lan:dmz']!.classes).toBe('lan dmz');
    expect(byId['decky:gw']).toMatchObject({ classes: 'decky forwards staged', data: { colour: '#34d399', state: 'running' } });
    expect(byId['home:gw:inner']).toMatchObject({ classes: 'staged-new', data: { source: 'decky:gw', target: 'lan:inner', label: '10.1.1.2' } });
    expect(byId['home:gw:dmz']!.classes).toBe('staged-removed');
    expect(parseNodeId('decky:gw')).toEqual({ kind: 'decky', name: 'gw' });
    expect(parseNodeId('home:gw:dmz')).toBeNull();
    expect(needsLayout(base)).toBe(false);
    expect(needsLayout({ ...base, deckies: [{ ...base.deckies[0]!, pos: { x: 0, y: 0 } }] })).toBe(true);
  });
});
