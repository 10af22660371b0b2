// A decky's docker plan: the persona's hostname and MAC, the family's sysctls, stable hashes that
// move only with what would be created, and refusals instead of containers for unusable specs.
import { describe, expect, it } from 'vitest';
import { SERVICE_SLUGS, type DeckySpec } from '@decnet/protocol';
import { derivePersona, templateFor } from '@decnet/templates';
import { baseContainerSpec } from './container-specs';
import { canonicalJson, planDecky, type DeckyPlan } from './decky-plan';
import { resolveOptions } from './options';

const opts = resolveOptions({ network: { name: 'n', parent: 'eth9', subnet: '10.9.0.0/24' }, image: 'img', dataDir: '/data' });
const images = { image: 'sha256:a', baseImage: 'sha256:a' };
// A service of protocol's catalogue that this build has no template for (the list shrinks as services land).
const unbuilt = SERVICE_SLUGS.find((s) => s !== 'sniffer' && !templateFor(s))!;
const win: DeckySpec = { name: 'ws-1', archetype: 'windows-workstation', services: ['smb', unbuilt], serviceConfig: {} };
const plan = (s: DeckySpec, ip = '10.9.0.7'): DeckyPlan => planDecky(s, ip, opts, images) as DeckyPlan;

describe('planDecky', () => {
  it('carries the persona identity and the OS family sysctls', () => {
    const p = plan(win);
    const persona = derivePersona({ deckyName: 'ws-1', archetype: 'windows-workstation', ip: '10.9.0.7', services: win.services, serviceConfig: {} });
    expect([p.hostname, p.mac, p.osFamily]).toEqual([persona.hostname, persona.mac, 'windows']);
    expect(p.sysctls['net.ipv4.ip_default_ttl']).toBe('128');
    expect(p.missingServices).toEqual([unbuilt]);
    const spec = baseContainerSpec(opts, p, p.baseHash);
    expect(spec).toMatchObject({ Hostname: p.hostname, MacAddress: p.mac, HostConfig: { Sysctls: p.sysctls, CapDrop: ['ALL'] } });
    expect(spec.HostConfig?.CapAdd).toBeUndefined();
  });

  it("sets the persona's own TTL: a Linux-userland IoT decky (embedded family) starts at 64, not 255", () => {
    const iot = plan({ name: 'iot-pi', archetype: 'iot-device', services: ['telnet'], serviceConfig: {} });
    expect([iot.osFamily, iot.sysctls['net.ipv4.ip_default_ttl']]).toEqual(['embedded', '64']);
  });

  it('hashes stably; services move only the services hash, the address moves both', () => {
    const a = plan(win);
    expect(plan({ ...win, serviceConfig: {} }).svcHash).toBe(a.svcHash);
    const b = plan({ ...win, services: ['smb'] });
    expect([b.baseHash === a.baseHash, b.svcHash === a.svcHash]).toEqual([true, false]);
    const c = plan(win, '10.9.0.8');
    expect([c.baseHash === a.baseHash, c.svcHash === a.svcHash]).toEqual([false, false]);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });

  it('refuses a decky with no runnable service or a bad name', () => {
    expect(planDecky({ ...win, services: [unbuilt] }, '10.9.0.7', opts, images)).toBeInstanceOf(Error);
    expect(planDecky({ ...win, name: '../etc' }, '10.9.0.7', opts, images)).toBeInstanceOf(Error);
  });
});
