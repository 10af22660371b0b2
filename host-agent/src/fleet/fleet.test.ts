import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IniError } from '@decnet/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { deckiesFromFlags, deckiesFromIni, DeploySpecError } from './deploy-spec';
import { LocalDesiredError, readLocalDesired, removeDeckies, upsertDeckies, writeLocalDesired } from './local-desired';
import { pickServices, serviceSetKey } from './service-pick';

let seed = 7;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('deploy specs', () => {
  it('names deckies like DECNET and takes explicit services, then the archetype, then random ones', () => {
    const pool = ['ssh', 'telnet', 'http'];
    expect(deckiesFromFlags({ count: 2, services: ['ssh'] }, pool).deckies).toEqual([
      { name: 'decky-01', services: ['ssh'], serviceConfig: {} },
      { name: 'decky-02', services: ['ssh'], serviceConfig: {} },
    ]);
    const arch = deckiesFromFlags({ count: 1, archetype: 'linux-server', mutateIntervalMin: 30 }, pool);
    expect(arch.deckies[0]).toEqual({ name: 'decky-01', services: ['ssh', 'http'], serviceConfig: {}, archetype: 'linux-server', mutateIntervalMin: 30 });
    const rnd = deckiesFromFlags({ count: 3, randomizeServices: true }, pool, random).deckies;
    expect(new Set(rnd.map((d) => serviceSetKey(d.services))).size).toBe(3); // DECNET avoids repeating a combination
    for (const d of rnd) expect(d.services.length).toBeGreaterThanOrEqual(1);
    expect(() => deckiesFromFlags({ count: 1 }, pool)).toThrow(DeploySpecError);
    expect(() => deckiesFromFlags({ count: 101, services: ['ssh'] }, pool)).toThrow(DeploySpecError);
    expect(deckiesFromFlags({ count: 1, services: ['ssh', 'smb'] }, pool).warnings).toEqual(['decky-01: no template in this build for smb; it runs without them']);
  });

  it('reads DECNET INI (amount expansion, service config) and fills empty service lists at random', () => {
    const ini = '[web]\nservices=ssh,http\namount=2\n[web.ssh]\npassword=toor\n[lone]\nnmap_os=linux\n';
    const plan = deckiesFromIni(ini, ['ssh', 'http'], 45, random);
    expect(plan.deckies.map((d) => d.name)).toEqual(['web-01', 'web-02', 'lone']);
    expect(plan.deckies[0]).toMatchObject({ services: ['ssh', 'http'], serviceConfig: { ssh: { password: 'toor' } }, mutateIntervalMin: 45 });
    expect(plan.deckies[2]!.services.length).toBeGreaterThan(0);
    expect(() => deckiesFromIni('[x]\nservices=nope\n', ['ssh'])).toThrow(IniError);
  });

  it('pickServices draws 1-3 from the pool and avoids the current set', () => {
    for (let i = 0; i < 50; i++) {
      const got = pickServices(['a', 'b', 'c', 'd'], random, new Set(['a']));
      expect(got.length).toBeGreaterThanOrEqual(1);
      expect(got.length).toBeLessThanOrEqual(3);
      expect(got).not.toEqual(['a']);
    }
    expect(pickServices([], random)).toEqual([]);
  });
});

describe('local fleet file', () => {
  it('is versioned, written atomically, upserted by name and validated on read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-'));
    dirs.push(dir);
    const file = join(dir, 'local-desired.json');
    expect(readLocalDesired(file)).toEqual({ version: 0, deckies: [] });
    const a = { name: 'a', services: ['ssh'], serviceConfig: {} };
    const b = { name: 'b', services: ['telnet'], serviceConfig: {} };
    writeLocalDesired(file, upsertDeckies([], [a, b]));
    const v2 = writeLocalDesired(file, upsertDeckies(readLocalDesired(file).deckies, [{ ...a, services: ['telnet'] }]));
    expect(v2.version).toBe(2);
    expect(v2.deckies.map((d) => [d.name, d.services])).toEqual([['b', ['telnet']], ['a', ['telnet']]]);
    expect(removeDeckies(v2.deckies, ['a', 'zz'])).toMatchObject({ removed: ['a'], unknown: ['zz'] });
    writeFileSync(file, '{"version":1,"deckies":[{"name":"../x","services":[],"serviceConfig":{}}]}');
    expect(() => readLocalDesired(file)).toThrow(LocalDesiredError);
  });
});
