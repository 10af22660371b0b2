// Validation: one case per finding, each naming its field and the offending objects.
import { describe, expect, it } from 'vitest';
import type { TopologyBody, TopologyDecky } from './topology';
import { nextFreeAddress, nextFreeSubnet } from './topology-net';
import { validateTopology } from './topology-validate';

const decky = (name: string, homes: [string, string][], forwards = false): TopologyDecky => ({
  name, services: ['ssh'], serviceConfig: {}, homes: homes.map(([lan, ip]) => ({ lan, ip })), forwards, pos: { x: 0, y: 0 },
});
const base = (): TopologyBody => ({
  name: 't', hostId: 'h',
  lans: [
    { name: 'dmz', subnet: '10.0.0.0/24', dmz: true, pos: { x: 0, y: 0 } },
    { name: 'in', subnet: '10.0.1.0/24', dmz: false, pos: { x: 0, y: 0 } },
  ],
  deckies: [decky('a', [['dmz', '10.0.0.2']]), decky('gw', [['dmz', '10.0.0.3'], ['in', '10.0.1.2']], true), decky('b', [['in', '10.0.1.3']])],
});
const fields = (b: TopologyBody, ctx = {}) => validateTopology(b, ctx).map((i) => [i.field, i.objects]);

describe('validateTopology', () => {
  it('accepts a DMZ with a gateway to one inner LAN', () => expect(validateTopology(base())).toEqual([]));
  it('accepts an empty draft, but not for deploy', () => {
    const b = { ...base(), lans: [], deckies: [] };
    expect(validateTopology(b)).toEqual([]);
    expect(fields(b, { requireDmz: true })).toEqual([['lans.dmz', []]]);
  });
  it('overlapping subnets', () => {
    const b = base();
    b.lans[1]!.subnet = '10.0.0.128/25';
    b.deckies = [decky('a', [['dmz', '10.0.0.2']])];
    expect(fields(b)).toContainEqual(['lans.subnet', ['dmz', 'in']]);
  });
  it('overlap with another topology on the host', () => {
    expect(fields(base(), { otherSubnets: [{ topology: 'x', lan: 'l', subnet: '10.0.1.0/24' }] })).toEqual([['lans.subnet', ['in']]]);
  });
  it('address outside its LAN, network and broadcast addresses', () => {
    const b = base();
    b.deckies[0]!.homes[0]!.ip = '10.9.0.2';
    b.deckies[2]!.homes[0]!.ip = '10.0.1.255';
    b.deckies.push(decky('c', [['in', '10.0.1.0']]));
    expect(fields(b)).toEqual([['deckies.homes.ip', ['a', 'dmz']], ['deckies.homes.ip', ['b', 'in']], ['deckies.homes.ip', ['c', 'in']]]);
  });
  it('duplicate address', () => {
    const b = base();
    b.deckies[2]!.homes[0]!.ip = '10.0.1.2';
    expect(fields(b)).toEqual([['deckies.homes.ip', ['gw', 'b']]]);
  });
  it('decky on no LAN, on an unknown LAN, twice on a LAN', () => {
    const b = base();
    b.deckies.push(decky('lost', []), decky('ghost', [['nope', '10.0.5.2']]), decky('twice', [['dmz', '10.0.0.9'], ['dmz', '10.0.0.10']]));
    expect(fields(b)).toEqual([['deckies.homes', ['lost']], ['deckies.homes.lan', ['ghost', 'nope']], ['deckies.homes', ['twice', 'dmz']]]);
  });
  it('no DMZ LAN', () => {
    const b = base();
    b.lans[0]!.dmz = false;
    const f = fields(b);
    expect(f[0]).toEqual(['lans.dmz', ['dmz', 'in']]);
  });
  it('inner LAN unreachable without a forwarding decky', () => {
    const b = base();
    b.deckies[1]!.forwards = false;
    expect(fields(b)).toEqual([['lans', ['in']]]);
  });
  it('gateway decky not homed on the DMZ side', () => {
    const b = base();
    b.lans.push({ name: 'far', subnet: '10.0.2.0/24', dmz: false, pos: { x: 0, y: 0 } }, { name: 'far2', subnet: '10.0.3.0/24', dmz: false, pos: { x: 0, y: 0 } });
    b.deckies.push(decky('island', [['far', '10.0.2.2'], ['far2', '10.0.3.2']], true));
    expect(fields(b)).toEqual([['lans', ['far', 'far2']], ['deckies.forwards', ['island']]]);
  });
  it('duplicate names, names taken by the fleet, duplicate LAN names', () => {
    const b = base();
    b.deckies.push(decky('a', [['dmz', '10.0.0.20']]));
    b.lans.push({ ...b.lans[1]!, subnet: '10.0.7.0/24' });
    const f = fields(b, { takenDeckyNames: ['b', 'zzz'] });
    for (const want of [['lans.name', ['in']], ['deckies.name', ['a']], ['deckies.name', ['b']]]) expect(f).toContainEqual(want);
  });
  it('more deckies than the host may run', () => {
    expect(fields(base(), { maxDeckiesPerHost: 4, otherDeckiesOnHost: 2 })).toEqual([['deckies', ['h']]]);
    expect(fields(base(), { maxDeckiesPerHost: 5, otherDeckiesOnHost: 2 })).toEqual([]);
  });
});

describe('topology-net', () => {
  it('next free subnet skips used and overlapping ranges', () => {
    expect(nextFreeSubnet([], '10.100.0.0/24')).toBe('10.100.0.0/24');
    expect(nextFreeSubnet(['10.100.0.0/24', '10.100.1.0/24'], '10.100.0.0/24')).toBe('10.100.2.0/24');
    expect(nextFreeSubnet(['10.100.0.0/23'], '10.100.0.0/24')).toBe('10.100.2.0/24');
    expect(nextFreeSubnet(['10.100.0.0/24'], '10.100.0.0/24', 28)).toBe('10.100.1.0/28');
  });
  it('next free address skips network, .1, taken and broadcast', () => {
    expect(nextFreeAddress('10.0.0.0/24', [])).toBe('10.0.0.2');
    expect(nextFreeAddress('10.0.0.0/24', ['10.0.0.2', '10.0.0.3'])).toBe('10.0.0.4');
    expect(nextFreeAddress('10.0.0.0/30', [])).toBe('10.0.0.1');
    expect(nextFreeAddress('10.0.0.0/30', ['10.0.0.1', '10.0.0.2'])).toBeNull();
  });
});
