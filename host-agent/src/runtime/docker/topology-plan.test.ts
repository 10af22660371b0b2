// Planning a topology on docker: which networks (shared DMZ, uplink DMZ, isolated inner LANs), which
// addresses and routes each member gets, and that a new version changes only the deckies it touches.
import { describe, expect, it } from 'vitest';
import type { DeckySpec, DesiredTopology } from '@decnet/protocol';
import { planDecky, type DeckyPlan, type Placement } from './decky-plan';
import { resolveOptions } from './options';
import { linkNames, pickGateway, planTopologies, planTopology, subnetKey, type TopologyPlan } from './topology-plan';

const opts = resolveOptions({ network: { name: 'flat', parent: 'eth9', subnet: '10.9.0.0/24' }, image: 'img', dataDir: '/data', labelPrefix: 'decnet' });
const images = { image: 'sha256:a', baseImage: 'sha256:a' };
const spec = (name: string): DeckySpec => ({ name, archetype: 'linux-server', services: ['ssh'], serviceConfig: {} });

// DMZ (shares the configured network) -> fw1 -> inner -> fw2 -> deep
const v1: DesiredTopology = {
  id: 'tp-1', name: 'maze', version: 1,
  lans: [{ name: 'dmz', subnet: '10.9.0.0/24', dmz: true }, { name: 'inner', subnet: '10.60.1.0/24', dmz: false }, { name: 'deep', subnet: '10.60.2.0/24', dmz: false }],
  members: [
    { decky: 'web', homes: [{ lan: 'dmz', ip: '10.9.0.10' }], forwards: false },
    { decky: 'fw1', homes: [{ lan: 'dmz', ip: '10.9.0.2' }, { lan: 'inner', ip: '10.60.1.1' }], forwards: true },
    { decky: 'db', homes: [{ lan: 'inner', ip: '10.60.1.20' }], forwards: false },
    { decky: 'fw2', homes: [{ lan: 'inner', ip: '10.60.1.3' }, { lan: 'deep', ip: '10.60.2.3' }], forwards: true },
    { decky: 'vault', homes: [{ lan: 'deep', ip: '10.60.2.50' }], forwards: false },
  ],
};
const names = (t: DesiredTopology) => new Set(t.members.map((m) => m.decky));
const member = (p: TopologyPlan, d: string) => p.members.find((m) => m.decky === d)!;

describe('topology plan', () => {
  it('one network per LAN: the DMZ on the configured network, inner LANs on their own veth, names with the topology prefix', () => {
    const p = planTopology(v1, names(v1), opts);
    expect(p.errors).toEqual([]);
    const { link, peer } = linkNames('decnet', 'tp-1', 'inner');
    expect(link).toMatch(/^dtl[0-9a-f]{10}$/);
    expect(p.lans).toEqual([
      { topologyId: 'tp-1', lan: 'dmz', subnet: '10.9.0.0/24', dmz: true, network: 'flat', kind: 'shared', gateway: '10.9.0.1' },
      // 10.60.1.1 belongs to fw1, so docker's gateway is the highest free host.
      { topologyId: 'tp-1', lan: 'inner', subnet: '10.60.1.0/24', dmz: false, network: 'decnet-t-maze-inner', kind: 'isolated', link, peer, gateway: '10.60.1.254' },
      expect.objectContaining({ lan: 'deep', network: 'decnet-t-maze-deep', kind: 'isolated', gateway: '10.60.2.1' }),
    ]);
    // A DMZ with another subnet gets a macvlan link on the configured parent (docker allows one network per parent).
    const other = planTopology({ ...v1, lans: [{ ...v1.lans[0]!, subnet: '10.70.0.0/24' }], members: [{ decky: 'web', homes: [{ lan: 'dmz', ip: '10.70.0.9' }], forwards: false }] }, new Set(['web']), opts);
    expect(other.lans[0]).toMatchObject({ kind: 'uplink', network: 'decnet-t-maze-dmz', link: expect.stringMatching(/^dtl/) });
    expect(other.lans[0]!.peer).toBeUndefined();
  });

  it('routes reach inner LANs only through forwarders: DMZ side via the first forwarder, inner deckies default towards the DMZ', () => {
    const p = planTopology(v1, names(v1), opts);
    expect(member(p, 'web').routes).toEqual([{ dst: '10.60.1.0/24', via: '10.9.0.2' }, { dst: '10.60.2.0/24', via: '10.9.0.2' }, { dst: 'default', via: '10.9.0.1' }]);
    expect(member(p, 'fw1').routes).toEqual([{ dst: '10.60.2.0/24', via: '10.60.1.3' }, { dst: 'default', via: '10.9.0.1' }]);
    expect(member(p, 'db').routes).toEqual([{ dst: '10.9.0.0/24', via: '10.60.1.1' }, { dst: '10.60.2.0/24', via: '10.60.1.3' }, { dst: 'default', via: '10.60.1.1' }]);
    expect(member(p, 'vault').routes).toEqual([{ dst: '10.9.0.0/24', via: '10.60.2.3' }, { dst: '10.60.1.0/24', via: '10.60.2.3' }, { dst: 'default', via: '10.60.2.3' }]);
    expect(member(p, 'fw1').homes.map((h) => h.network)).toEqual(['flat', 'decnet-t-maze-inner']);
    expect(member(p, 'db').managedDsts).toEqual(['default', '10.9.0.0/24', '10.60.1.0/24', '10.60.2.0/24']);
    // A bridge that does not forward joins LANs without making them reachable.
    const noFwd = planTopology({ ...v1, members: v1.members.map((m) => (m.decky === 'fw1' ? { ...m, forwards: false } : m)) }, names(v1), opts);
    expect(member(noFwd, 'web').routes).toEqual([{ dst: 'default', via: '10.9.0.1' }]);
    expect(member(noFwd, 'db').routes).toEqual([{ dst: '10.60.2.0/24', via: '10.60.1.3' }]);
  });

  it('a new version changes only the deckies it touches', () => {
    const before = planTopology(v1, names(v1), opts);
    // add_decky on the inner LAN: every earlier member keeps its homes and routes.
    const v2 = { ...v1, version: 2, members: [...v1.members, { decky: 'files', homes: [{ lan: 'inner', ip: '10.60.1.30' }], forwards: false }] };
    const after = planTopology(v2, names(v2), opts);
    for (const m of before.members) expect(member(after, m.decky)).toEqual(m);
    expect(member(after, 'files').routes).toEqual(member(after, 'db').routes);
    // detach_decky of the bridge from the inner LAN: its base hash stays (LANs change on the live container),
    // the DMZ side loses its routes; flipping forwarding changes the hash (recreate, hence `force`).
    const v3 = { ...v1, version: 3, members: v1.members.map((m) => (m.decky === 'fw1' ? { ...m, homes: [m.homes[0]!] } : m)) };
    const detached = planTopology(v3, names(v3), opts);
    expect(member(detached, 'web').routes).toEqual([{ dst: 'default', via: '10.9.0.1' }]);
    const hashOf = (p: TopologyPlan, d: string, forwards = member(p, d).forwards) => {
      const m = member(p, d);
      const placement: Placement = { network: m.homes[0]!.network, ip: m.homes[0]!.ip, topologyId: p.id, forwards };
      return (planDecky(spec(d), placement.ip, opts, images, placement) as DeckyPlan).baseHash;
    };
    expect(hashOf(detached, 'fw1')).toBe(hashOf(before, 'fw1'));
    expect(hashOf(before, 'fw1', false)).not.toBe(hashOf(before, 'fw1'));
    const forwarding = planDecky(spec('fw1'), '10.9.0.2', opts, images, { network: 'flat', ip: '10.9.0.2', topologyId: 'tp-1', forwards: true }) as DeckyPlan;
    expect(forwarding.sysctls['net.ipv4.ip_forward']).toBe('1');
    expect(forwarding.topologyId).toBe('tp-1');
  });

  it('reports what it cannot place and keeps the rest', () => {
    const bad: DesiredTopology = {
      ...v1,
      members: [
        ...v1.members,
        { decky: 'ghost', homes: [{ lan: 'dmz', ip: '10.9.0.77' }], forwards: false },
        { decky: 'stray', homes: [{ lan: 'nowhere', ip: '10.1.1.1' }, { lan: 'inner', ip: '10.60.9.9' }], forwards: false },
        { decky: 'dup', homes: [{ lan: 'inner', ip: '10.60.1.20' }, { lan: 'dmz', ip: '10.9.0.1' }], forwards: false },
      ],
    };
    const p = planTopology(bad, new Set([...names(v1), 'stray', 'dup']), opts);
    expect(p.errors).toEqual([
      'decky ghost: not in the desired deckies',
      'decky stray: LAN nowhere is not realised',
      'decky stray: 10.60.9.9 is outside LAN inner (10.60.1.0/24)',
      'decky stray: on no realisable LAN',
      "decky dup: 10.60.1.20 on LAN inner is also db's",
      // The configured network's gateway is fixed; an inner LAN's moves out of the members' way.
      "decky dup: 10.9.0.1 is docker's gateway of LAN dmz",
      'decky dup: on no realisable LAN',
    ]);
    expect(p.members.map((m) => m.decky)).toEqual(['web', 'fw1', 'db', 'fw2', 'vault']);
    expect(planTopology({ ...v1, members: [...v1.members, { decky: 'x', homes: [{ lan: 'deep', ip: '10.60.2.1' }], forwards: false }] }, new Set([...names(v1), 'x']), opts).lans[2]!.gateway).toBe('10.60.2.254');
    const twice = planTopologies([v1, { ...v1, id: 'tp-2', name: 'copy' }], [...names(v1)].map(spec), opts);
    expect(twice[1]!.members).toEqual([]);
    expect(twice[1]!.errors).toContain('decky web: already in another topology');
  });

  it('gateways and subnet keys', () => {
    expect(pickGateway('10.0.0.0/29', new Set(['10.0.0.1', '10.0.0.6']))).toBe('10.0.0.5');
    expect(pickGateway('10.0.0.0/30', new Set(['10.0.0.1', '10.0.0.2']))).toBeUndefined();
    expect(subnetKey('10.60.1.7/24')).toBe('10.60.1.0/24');
  });
});
