// Generator: determinism (same seed, same JSON), shape (tree of LANs, bridges, names), and that what
// it produces passes validation whenever every bridge forwards.
import { describe, expect, it } from 'vitest';
import { TopologyBodySchema, TopologyGenerateParamsSchema } from './topology';
import { generateParamIssues, generateTopology, generatedLanCount, seededRandom } from './topology-generate';
import { validateTopology } from './topology-validate';

const params = (over: Record<string, unknown> = {}) =>
  TopologyGenerateParamsSchema.parse({ name: 'maze', hostId: 'h1', seed: 42, depth: 2, branching: 2, deckiesPerLan: 3, ...over });

describe('generateTopology', () => {
  it('gives byte-identical JSON for the same parameters and seed', () => {
    const a = JSON.stringify(generateTopology(params({ crossEdgeProbability: 0.5, randomServices: true, forwardProbability: 0.5 })));
    const b = JSON.stringify(generateTopology(params({ crossEdgeProbability: 0.5, randomServices: true, forwardProbability: 0.5 })));
    expect(a).toBe(b);
  });

  it('gives a different topology for a different seed', () => {
    const a = JSON.stringify(generateTopology(params({ seed: 1 })));
    const b = JSON.stringify(generateTopology(params({ seed: 2 })));
    expect(a).not.toBe(b);
  });

  it('builds a DMZ and a tree of /24 LANs with one bridge per edge, names prefixed and unique', () => {
    const body = TopologyBodySchema.parse(generateTopology(params()));
    expect(body.lans.map((l) => l.name)).toEqual(['dmz', 'lan-1', 'lan-2', 'lan-1-1', 'lan-1-2', 'lan-2-1', 'lan-2-2']);
    expect(body.lans.map((l) => l.subnet)).toEqual(['10.100.0.0/24', '10.100.1.0/24', '10.100.2.0/24', '10.100.3.0/24', '10.100.4.0/24', '10.100.5.0/24', '10.100.6.0/24']);
    expect(body.lans.filter((l) => l.dmz).map((l) => l.name)).toEqual(['dmz']);
    expect(body.deckies).toHaveLength(7 * 3 + 6);
    expect(new Set(body.deckies.map((d) => d.name)).size).toBe(body.deckies.length);
    expect(body.deckies.every((d) => d.name.startsWith('maze-'))).toBe(true);
    const bridges = body.deckies.filter((d) => d.homes.length === 2);
    expect(bridges).toHaveLength(6);
    expect(bridges.every((d) => d.forwards)).toBe(true);
    // Tree layout: children below their parent.
    const y = Object.fromEntries(body.lans.map((l) => [l.name, l.pos.y]));
    expect(y['lan-1-1']).toBeGreaterThan(y['lan-1']!);
    expect(y['lan-1']).toBeGreaterThan(y['dmz']!);
    expect(validateTopology(body)).toEqual([]);
  });

  it('draws services from the archetype and with randomServices a non-empty subset', () => {
    const body = generateTopology(params({ randomServices: true, seed: 7 }));
    expect(body.deckies.every((d) => d.services.length > 0 && d.archetype)).toBe(true);
  });

  it('with forwardProbability 0 the inner LANs are unreachable (validation says so)', () => {
    const body = generateTopology(params({ forwardProbability: 0 }));
    expect(validateTopology(body).map((i) => i.field)).toContain('lans');
  });

  it('cross edges add homes on other LANs without breaking validation', () => {
    const body = generateTopology(params({ crossEdgeProbability: 1, seed: 3 }));
    const multi = body.deckies.filter((d) => !d.name.includes('-gw') && d.homes.length > 1);
    expect(multi.length).toBe(7 * 3);
    expect(validateTopology(body)).toEqual([]);
  });

  it('refuses parameters beyond the LAN and decky limits', () => {
    expect(generatedLanCount(6, 4)).toBe(5461);
    expect(generateParamIssues(params({ depth: 6, branching: 4 })).map((i) => i.field)).toEqual(['depth', 'deckiesPerLan']);
    expect(generateParamIssues(params())).toEqual([]);
  });

  it('seededRandom is a deterministic stream in [0, 1)', () => {
    const a = seededRandom(9);
    const b = seededRandom(9);
    const xs = Array.from({ length: 100 }, () => a());
    expect(xs).toEqual(Array.from({ length: 100 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
