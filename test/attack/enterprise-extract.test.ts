// The ATT&CK extract is MITRE's data, not typed by hand: enterprise-data.ts regenerated from the
// committed STIX vector equals the committed file, every rule technique is live in that release, and
// the extractor refuses revoked/deprecated/unknown ids. Cross-package: scripts, protocol, control plane.
import { readFileSync } from 'node:fs';
import { ATTACK_RELEASE, ATTACK_SOURCE, ATTACK_TACTICS } from '@decnet/protocol';
import { describe, expect, it } from 'vitest';
import { navigatorLayer } from '../../control-plane/src/services/exports/navigator';
import { DATA_FILE, generate, readVector, ruleTechniqueIds } from '../../scripts/attack/extract-enterprise';
import { attackId, extractEnterprise, isLive, liveTechniques, type StixObject } from '../../scripts/attack/stix-extract';

const vector = readVector();
const objects = vector.objects.map((o) => o.object);

describe('ATT&CK extract from MITRE STIX', () => {
  it('regenerates enterprise-data.ts from the vector byte for byte', () => {
    expect(generate(vector.objects, vector.source)).toBe(readFileSync(DATA_FILE, 'utf8'));
    expect(ATTACK_RELEASE).toBe(`enterprise-attack ${vector.source.release}`);
    expect(ATTACK_SOURCE.commit).toBe(vector.source.commit);
  });

  it('carries the licence note and each object\'s source path', () => {
    expect(vector.licence).toMatch(/© The MITRE Corporation/);
    expect(vector.source.repo).toBe('mitre/cti');
    expect(vector.source.commit).toMatch(/^[0-9a-f]{40}$/);
    for (const { path, object } of vector.objects) expect(path).toBe(`enterprise-attack/${object.type}/${object.id}.json`);
  });

  it('has every rule technique live (not revoked, not deprecated) in the release', () => {
    const live = liveTechniques(objects);
    const ids = ruleTechniqueIds();
    expect(ids.length).toBeGreaterThan(40);
    for (const id of ids) {
      const o = live.get(id);
      expect(o, id).toBeDefined();
      expect(isLive(o!) && o!.revoked !== true && o!.x_mitre_deprecated !== true, id).toBe(true);
    }
  });

  it('orders tactics by the matrix tactic_refs', () => {
    const matrix = objects.find((o) => o.type === 'x-mitre-matrix')!;
    const byRef = new Map(objects.filter((o) => o.type === 'x-mitre-tactic').map((o) => [o.id, attackId(o)]));
    expect(ATTACK_TACTICS.map((t) => t[1])).toEqual(matrix.tactic_refs!.map((r) => byRef.get(r)));
    expect(ATTACK_TACTICS[0]![0]).toBe('reconnaissance');
  });

  it('refuses a revoked, deprecated or unknown technique', () => {
    const mark = (id: string, patch: Partial<StixObject>) => objects.map((o) => (attackId(o) === id ? { ...o, ...patch } : o));
    const one = ruleTechniqueIds()[0]!;
    expect(() => extractEnterprise(mark(one, { revoked: true }), [one])).toThrow(/not a live technique/);
    expect(() => extractEnterprise(mark(one, { x_mitre_deprecated: true }), [one])).toThrow(/not a live technique/);
    expect(() => extractEnterprise(objects, ['T9999'])).toThrow(/T9999/);
    expect(extractEnterprise(objects, ['T1110.001']).techniques.map((t) => t[0])).toEqual(['T1110', 'T1110.001']);
  });

  it('the Navigator layer names the same ATT&CK release', () => {
    const layer = navigatorLayer({ tags: [] } as unknown as Parameters<typeof navigatorLayer>[0], 'x') as { versions: { attack: string } };
    expect(layer.versions.attack).toBe(vector.source.release.split('.')[0]);
  });
});
