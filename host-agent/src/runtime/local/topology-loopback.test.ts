import type { DeckySpec, DesiredTopology } from '@decnet/protocol';
import { describe, expect, it } from 'vitest';
import { assignLoopback } from './loopback-address';
import { loopbackOnLan, planLocalTopologies } from './topology-loopback';

const spec = (name: string, ip: string): DeckySpec => ({ name, ip, services: ['ssh'], serviceConfig: {} });
const maze: DesiredTopology = {
  id: 'topo-1', name: 'maze', version: 2,
  lans: [{ name: 'dmz', subnet: '10.100.0.0/24', dmz: true }, { name: 'inner', subnet: '10.100.1.0/24', dmz: false }, { name: 'wide', subnet: '10.50.0.0/16', dmz: false }],
  members: [
    { decky: 'web', homes: [{ lan: 'dmz', ip: '10.100.0.10' }], forwards: false },
    { decky: 'fw', homes: [{ lan: 'dmz', ip: '10.100.0.2' }, { lan: 'inner', ip: '10.100.1.2' }], forwards: true },
    { decky: 'db', homes: [{ lan: 'inner', ip: '10.100.1.20' }], forwards: false },
    { decky: 'far', homes: [{ lan: 'wide', ip: '10.50.3.7' }], forwards: false },
  ],
};
const deckies = [spec('web', '10.100.0.10'), spec('fw', '10.100.0.2'), spec('db', '10.100.1.20'), spec('far', '10.50.3.7'), spec('flat', '10.0.0.1')];

describe('local topology loopback plan', () => {
  it('gives each LAN its own 127.<a>/16 block and keeps the host part of each address', () => {
    const p = planLocalTopologies([maze], deckies);
    const dmz = p.blockOf.get('topo-1/dmz')!;
    const inner = p.blockOf.get('topo-1/inner')!;
    expect(new Set(p.blockOf.values()).size).toBe(3);
    expect(p.bind.get('web')).toBe(`127.${dmz}.0.10`);
    expect(p.addresses.get('fw')).toEqual([`127.${dmz}.0.2`, `127.${inner}.0.2`]);
    expect(p.bind.get('db')).toBe(`127.${inner}.0.20`);
    expect(loopbackOnLan('10.50.3.7', '10.50.0.0/16', 9)).toBe('127.9.3.7');
    expect(p.bind.get('far')).toBe(`127.${p.blockOf.get('topo-1/wide')}.3.7`);
    expect(p.bind.has('flat')).toBe(false);
    expect(p.outcome.get('topo-1')).toEqual({ errors: [], notes: [] }); // multi-homed fw listens on both
    // Deterministic, and blocks stay put when a LAN is added.
    expect(planLocalTopologies([maze], deckies).blockOf).toEqual(p.blockOf);
    const more = { ...maze, lans: [...maze.lans, { name: 'aaa', subnet: '10.100.9.0/24', dmz: false }] };
    const next = planLocalTopologies([more], deckies, p.blockOf);
    for (const [k, v] of p.blockOf) expect(next.blockOf.get(k)).toBe(v);
    expect(next.blocks.size).toBe(4);
  });

  it('reports members it cannot place, and flat deckies stay out of the LAN blocks', () => {
    const bad: DesiredTopology = { ...maze, members: [...maze.members, { decky: 'ghost', homes: [{ lan: 'dmz', ip: '10.100.0.99' }], forwards: false }, { decky: 'flat', homes: [{ lan: 'nowhere', ip: '10.1.1.1' }, { lan: 'dmz', ip: '10.200.0.1' }], forwards: false }] };
    const p = planLocalTopologies([bad], deckies);
    expect(p.outcome.get('topo-1')!.errors).toEqual(['decky ghost: not in the desired deckies', 'decky flat: no LAN nowhere', 'decky flat: 10.200.0.1 is outside LAN dmz (10.100.0.0/24)']);
    const names = Array.from({ length: 3000 }, (_, i) => `d-${i}`);
    const got = assignLoopback(names, new Map(), undefined, true, (ip) => p.blocks.has(Number(ip.split('.')[1])));
    for (const ip of got.values()) expect(p.blocks.has(Number(ip.split('.')[1]))).toBe(false);
  });
});
