// Applying mutation ops: each op's effect, the affected deckies, and the refusals (unknown objects,
// live-topology rules) as issues rather than exceptions. The input is never modified.
import { describe, expect, it } from 'vitest';
import type { TopologyBody } from './topology';
import { applyTopologyOps, isLiveStatus } from './topology-apply';

const body = (): TopologyBody => ({
  name: 't', hostId: 'h',
  lans: [{ name: 'dmz', subnet: '10.0.0.0/24', dmz: true, pos: { x: 0, y: 0 } }, { name: 'in', subnet: '10.0.1.0/24', dmz: false, pos: { x: 0, y: 0 } }],
  deckies: [
    { name: 'a', services: ['ssh'], serviceConfig: {}, homes: [{ lan: 'dmz', ip: '10.0.0.2' }], forwards: false, pos: { x: 0, y: 0 } },
    { name: 'gw', services: ['ssh'], serviceConfig: {}, homes: [{ lan: 'dmz', ip: '10.0.0.3' }, { lan: 'in', ip: '10.0.1.2' }], forwards: true, pos: { x: 0, y: 0 } },
  ],
});

describe('applyTopologyOps', () => {
  it('applies every op kind in order and lists the deckies each touches', () => {
    const input = body();
    const snapshot = JSON.stringify(input);
    const r = applyTopologyOps(input, [
      { op: 'add_lan', lan: { name: 'x', subnet: '10.0.2.0/24', dmz: false, pos: { x: 1, y: 2 } } },
      { op: 'add_decky', decky: { name: 'n', services: ['http'], serviceConfig: {}, homes: [{ lan: 'in', ip: '10.0.1.9' }], forwards: false, pos: { x: 0, y: 0 } } },
      { op: 'attach_decky', decky: 'gw', home: { lan: 'x', ip: '10.0.2.2' } },
      { op: 'detach_decky', decky: 'gw', lan: 'in' },
      { op: 'update_decky', decky: 'a', patch: { services: ['ssh', 'http'] } },
      { op: 'update_lan', lan: 'x', patch: { pos: { x: 5, y: 5 } } },
      { op: 'remove_decky', decky: 'n' },
      { op: 'remove_lan', lan: 'x' },
    ]);
    expect(r.issues).toEqual([]);
    expect(r.affected).toEqual([[], ['n'], ['gw'], ['gw'], ['a'], [], ['n'], ['gw']]);
    expect(r.body.lans.map((l) => l.name)).toEqual(['dmz', 'in']);
    expect(r.body.deckies.find((d) => d.name === 'gw')!.homes).toEqual([{ lan: 'dmz', ip: '10.0.0.3' }]);
    expect(r.body.deckies.find((d) => d.name === 'a')!.services).toEqual(['ssh', 'http']);
    expect(JSON.stringify(input)).toBe(snapshot);
  });

  it('reports ops on unknown or duplicate objects as issues naming the op', () => {
    const r = applyTopologyOps(body(), [
      { op: 'remove_lan', lan: 'nope' },
      { op: 'add_lan', lan: { name: 'dmz', subnet: '10.0.9.0/24', dmz: false, pos: { x: 0, y: 0 } } },
      { op: 'remove_decky', decky: 'ghost' },
      { op: 'attach_decky', decky: 'a', home: { lan: 'dmz', ip: '10.0.0.9' } },
      { op: 'detach_decky', decky: 'a', lan: 'in' },
      { op: 'attach_decky', decky: 'a', home: { lan: 'nope', ip: '10.0.0.9' } },
    ]);
    expect(r.issues.map((i) => [i.field, i.objects])).toEqual([
      ['ops.0', ['nope']], ['ops.1', ['dmz']], ['ops.2', ['ghost']], ['ops.3', ['a', 'dmz']], ['ops.4', ['a', 'in']], ['ops.5', ['a', 'nope']],
    ]);
  });

  it('on a live topology refuses subnet and dmz changes and needs force to flip forwarding', () => {
    const ops = [
      { op: 'update_lan', lan: 'in', patch: { subnet: '10.0.5.0/24' } },
      { op: 'update_lan', lan: 'in', patch: { dmz: true } },
      { op: 'update_decky', decky: 'gw', patch: { forwards: false } },
    ] as const;
    const live = applyTopologyOps(body(), [...ops], { live: true });
    expect(live.issues.map((i) => i.field)).toEqual(['ops.0', 'ops.1', 'ops.2']);
    expect(live.issues[2]!.message).toMatch(/force/);
    expect(applyTopologyOps(body(), [...ops]).issues).toEqual([]);
    const forced = applyTopologyOps(body(), [{ op: 'update_decky', decky: 'gw', patch: { forwards: false }, force: true }], { live: true });
    expect(forced.issues).toEqual([]);
    expect(forced.body.deckies[1]!.forwards).toBe(false);
  });

  it('knows the live statuses', () => {
    expect(['deploying', 'active', 'degraded'].every(isLiveStatus)).toBe(true);
    expect(['pending', 'torn_down', 'failed'].some(isLiveStatus)).toBe(false);
  });
});
