import { describe, expect, it } from 'vitest';
import { commandLabel, groupBySite, NO_SITE, workerActions } from './workers-logic';

const w = (name: string, over: object = {}) => ({ name, liveness: 'ok' as const, status: 'ok' as const, state: 'running', restarts: 0, lastError: null, lastSeenAt: null, ...over });

describe('workers view logic', () => {
  it('groups hosts by site, labelled sites first, hosts by name', () => {
    const g = groupBySite([
      { site: null, hostName: 'z' },
      { site: 'north', hostName: 'b' },
      { site: 'East', hostName: 'c' },
      { site: 'north', hostName: 'a' },
    ]);
    expect(g.map((x) => [x.site, x.items.map((i) => i.hostName)])).toEqual([['East', ['c']], ['north', ['a', 'b']], [NO_SITE, ['z']]]);
  });

  it('offers restart/stop for a running worker, start for a stopped one, restart only for the control channel, nothing for unknown', () => {
    expect(workerActions(w('collector'))).toEqual(['restart', 'stop']);
    expect(workerActions(w('collector', { state: 'stopped', status: 'stopped' }))).toEqual(['start']);
    expect(workerActions(w('desired-state'))).toEqual(['restart']);
    expect(workerActions(w('uplink', { liveness: 'unknown' }))).toEqual([]);
    expect(commandLabel({ kind: 'rotate', target: 'web-01', action: 'rotate' })).toBe('rotate web-01');
    expect(commandLabel({ kind: 'worker', target: 'bus', action: 'stop' })).toBe('stop bus');
  });
});
