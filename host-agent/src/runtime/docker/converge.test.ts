// The convergence decision: keep matching containers, recreate stale ones (and a services container
// whose base changed), remove undesired and unlabelled leftovers.
import { describe, expect, it } from 'vitest';
import { converge, type Observed } from './converge';
import type { DeckyPlan } from './decky-plan';

const plan = (name: string, baseHash = 'b1', svcHash = 's1') => ({ name, baseName: `decnet-${name}`, svcName: `decnet-${name}.svc`, baseHash, svcHash }) as DeckyPlan;
const obs = (o: Partial<Observed> & Pick<Observed, 'id'>): Observed => ({ name: '', decky: undefined, role: undefined, specHash: undefined, state: 'running', status: '', networkMode: undefined, ip: undefined, ...o });
const base = (decky: string, id: string, hash = 'b1', state = 'running') => obs({ id, name: `decnet-${decky}`, decky, role: 'base', specHash: hash, state });
const svc = (decky: string, id: string, baseId: string, hash = 's1') => obs({ id, name: `decnet-${decky}.svc`, decky, role: 'services', specHash: hash, networkMode: `container:${baseId}` });

describe('converge', () => {
  it('keeps everything when hashes and links match', () => {
    const r = converge([base('a', 'A'), svc('a', 'AS', 'A')], [plan('a')]);
    expect(r.remove).toEqual([]);
    expect(r.deckies[0]).toMatchObject({ base: { id: 'A' }, svc: { id: 'AS' } });
  });

  it('recreates only the services container when its hash changed', () => {
    const r = converge([base('a', 'A'), svc('a', 'AS', 'A', 'old')], [plan('a')]);
    expect(r.remove.map((o) => o.id)).toEqual(['AS']);
    expect(r.deckies[0]).toMatchObject({ base: { id: 'A' }, svc: undefined });
  });

  it('recreates both when the base is stale, and the services container of a base not running', () => {
    expect(converge([base('a', 'A', 'old'), svc('a', 'AS', 'A')], [plan('a')]).remove.map((o) => o.id).sort()).toEqual(['A', 'AS']);
    const r = converge([base('a', 'A', 'b1', 'exited'), svc('a', 'AS', 'A')], [plan('a')]);
    expect(r.remove.map((o) => o.id)).toEqual(['AS']);
    expect(r.deckies[0]?.base?.id).toBe('A');
  });

  it('removes undesired deckies, unlabelled leftovers and duplicates', () => {
    const r = converge([base('a', 'A'), svc('a', 'AS', 'A'), base('gone', 'G'), obs({ id: 'X' }), obs({ id: 'D', decky: 'a', role: 'base', name: 'other', specHash: 'b1' })], [plan('a')]);
    expect(r.remove.map((o) => o.id).sort()).toEqual(['D', 'G', 'X']);
  });
});
