// The persona table test (issue 17): every persona the catalogue can produce (each archetype with each
// distro it may get, and every OS family on its own) shows one OS on every layer; a broken persona
// (an IIS Server header on a Linux decky) is reported with the layer that contradicts it. The nmap
// guess checked is the persona's own stack profile's fingerprint name.
import { describe, expect, it } from 'vitest';
import { ARCHETYPES, DISTRO_SLUGS, OS_FAMILIES, STACK_PROFILES, type ArchetypeSlug, type DistroSlug, type OsFamily } from '@decnet/protocol';
import { personaContradictions, type Contradiction } from './consistency';
import { derivePersona } from './derive';
import { CORE_SERVICES, personaClaim, personaObservations } from './observe';
import { stackProfileOf } from './stack-profile';

const NOW = Date.UTC(2026, 2, 3);

function contradictions(deckyName: string, archetype: ArchetypeSlug | undefined, distro: DistroSlug | undefined, nmapOs?: OsFamily, serviceConfig?: Record<string, Record<string, string>>): Array<Contradiction & { persona: string }> {
  const p = derivePersona({ deckyName, archetype, distro, nmapOs, serviceConfig, nowMs: NOW });
  const services = [...CORE_SERVICES, ...(archetype ? ARCHETYPES.find((a) => a.slug === archetype)!.services : [])];
  const obs = { ...personaObservations(p, services), nmapOs: STACK_PROFILES[stackProfileOf(p)].nmapName };
  return personaContradictions(personaClaim(p), obs).map((c) => ({ ...c, persona: `${deckyName} ${p.osFamily}/${p.distro}` }));
}

describe('persona consistency across layers', () => {
  it('holds for every archetype with every distro it may get (5 seeds each)', () => {
    const found: Contradiction[] = [];
    let personas = 0;
    for (const a of ARCHETYPES) {
      for (const distro of [undefined, ...a.preferredDistros]) {
        for (let n = 0; n < 5; n++) {
          personas++;
          found.push(...contradictions(`pc-${a.slug}-${distro ?? 'any'}-${n}`, a.slug, distro));
        }
      }
    }
    expect(personas).toBeGreaterThan(200);
    expect(found).toEqual([]);
  });

  it('holds for every OS family without an archetype, on every distro', () => {
    const found: Contradiction[] = [];
    for (const os of OS_FAMILIES) for (const distro of DISTRO_SLUGS) for (let n = 0; n < 2; n++) found.push(...contradictions(`pf-${os}-${distro}-${n}`, undefined, distro, os));
    expect(found).toEqual([]);
  });

  it('the IoT Raspberry Pi on Alpine is a Linux machine on the wire too: TTL 64, a Linux-era row', () => {
    const p = derivePersona({ deckyName: 'iot-pi', archetype: 'iot-device', nowMs: NOW });
    expect([p.distro, p.shell.kernelRelease]).toEqual(['alpine', expect.stringMatching(/-rpi$/)]);
    expect(stackProfileOf(p)).toMatch(/^linux-/);
    expect(personaObservations(p, ['telnet']).ttl).toBe(64);
    // The same persona claiming the embedded row's TTL 255 is the contradiction it used to show.
    expect(personaContradictions(personaClaim(p), { ...personaObservations(p, ['telnet']), ttl: 255 }).map((c) => c.layer)).toEqual(['IP TTL', 'IP TTL vs uname']);
  });

  it('reports a broken persona: an IIS Server header on a Debian web server', () => {
    const found = contradictions('broken-web', 'web-server', 'debian', undefined, { http: { server_header: 'Microsoft-IIS/10.0' } });
    expect(found).toEqual([expect.objectContaining({ layer: 'http Server', seen: 'Microsoft-IIS/10.0', expected: 'a linux http Server (shows windows)' })]);
  });

  it('names each kind of contradiction the brief lists', () => {
    const claim = { osFamily: 'linux' as const, archetype: 'linux-server', distro: 'debian' };
    const layers = (text: string) => ({ layers: [{ layer: 'x', text }] });
    expect(personaContradictions({ osFamily: 'windows_server' }, layers('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3'))).toHaveLength(1);
    expect(personaContradictions(claim, layers('SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10'))[0]?.expected).toMatch(/debian build \(shows ubuntu\)/);
    expect(personaContradictions({ osFamily: 'embedded', archetype: 'printer' }, { mac: '18:33:9d:01:02:03', layers: [] })[0]?.layer).toBe('MAC vendor');
    expect(personaContradictions({ osFamily: 'windows' }, { ttl: 64, layers: [] })[0]?.expected).toBe('128 for windows');
    expect(personaContradictions({ osFamily: 'windows' }, { uname: 'Linux h 6.1.0-18-amd64 #1 SMP x86_64 GNU/Linux', layers: [] })).toHaveLength(1);
    expect(personaContradictions({ osFamily: 'windows' }, layers('Microsoft Windows Server 2019'))[0]?.expected).toMatch(/client edition/);
    expect(personaContradictions(claim, { nmapOs: 'Microsoft Windows 10 1607', layers: [] })).toHaveLength(1);
    // A Linux guess of another era than the persona's kernel (the host's kernel answering, say).
    const centos = { osFamily: 'linux' as const, distro: 'centos7', kernelRelease: '3.10.0-1160.119.1.el7.x86_64' };
    expect(personaContradictions(centos, { nmapOs: 'Linux 5.3 - 5.4', layers: [] })[0]?.expected).toMatch(/era/);
    expect(personaContradictions(centos, { nmapOs: 'Linux 3.10', layers: [] })).toEqual([]);
    expect(personaContradictions(claim, { ttl: 64, mac: '00:50:56:01:02:03', uname: 'Linux h 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 x86_64 GNU/Linux', osRelease: 'Debian GNU/Linux 12 (bookworm)', layers: [] })).toEqual([]);
  });
});
