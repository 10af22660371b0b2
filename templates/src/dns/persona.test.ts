// The dns persona part per OS family and distro: the distro's BIND build in version.bind (RHEL's
// "-RH", Debian's "-Debian" ...), none on Windows, INI overrides, a zone seeded per decky.
import { describe, expect, it } from 'vitest';
import { derivePersona } from '../persona/derive';
import { dnsConfigSchema } from './config';
import { buildZone } from './zone';

const at = Date.UTC(2026, 0, 1);
const dns = (deckyName: string, extra: Parameters<typeof derivePersona>[0] = { deckyName }) => derivePersona({ nowMs: at, services: ['dns'], ...extra, deckyName }).services.dns;

describe('dns persona', () => {
  it('shows the BIND build each distro ships', () => {
    const v = (distro: 'debian' | 'ubuntu22' | 'rocky9' | 'centos7' | 'alpine'): string | undefined => dns('ns', { deckyName: 'ns', archetype: 'linux-server', distro }).version;
    expect(v('debian')).toMatch(/^9\.18\.\d+-1(~deb12u\d)?-Debian$/);
    expect(v('ubuntu22')).toMatch(/^9\.18\.\d+-0ubuntu0\.22\.04\.\d-Ubuntu$/);
    expect(v('rocky9')).toBe('9.16.23-RH');
    expect(v('centos7')).toMatch(/^9\.11\.4-P2-RedHat-9\.11\.4-26\.P2\.el7_9\.\d+$/);
    expect(v('alpine')).toMatch(/^9\.18\.\d+$/);
  });

  it('hides the version and NSID on Windows (Microsoft DNS, version query off), keeps them on BSD', () => {
    const w = dns('dc', { deckyName: 'dc', archetype: 'domain-controller', nmapOs: 'windows_server' });
    expect(w.version).toBeUndefined();
    expect(w.serverId).toBeUndefined();
    expect(dns('bsd', { deckyName: 'bsd', nmapOs: 'bsd' }).version).toMatch(/^9\.\d+\.\d+$/);
  });

  it('takes bind_version, nsid and domain from the INI, and seeds a different zone per decky', () => {
    const c = dns('ns1', { deckyName: 'ns1', serviceConfig: { dns: { bind_version: 'none', nsid: 'ns-a.example', domain: 'Example.ORG' } } });
    expect(c.version).toBeUndefined();
    expect(c.serverId).toBe('ns-a.example');
    expect(c.zone.domain).toBe('example.org');
    const a = dns('ns-a');
    const b = dns('ns-b');
    expect(a.zone.hosts.map((h) => h.name)).not.toEqual(b.zone.hosts.map((h) => h.name));
    expect(a.zone.soa.serial).toBeGreaterThan(2020010100);
    const z = buildZone(a, dnsConfigSchema.parse({ extra_records: 'vpn2 A 10.1.2.3; @ TXT "hello"; bad line; _sip._udp CNAME pbx' }));
    expect(z.names.get(`vpn2.${z.domain}`)?.[0]?.data).toEqual({ kind: 'a', ip: '10.1.2.3' });
    expect(z.names.get(z.domain)?.some((r) => r.data.kind === 'txt' && r.data.strings[0] === 'hello')).toBe(true);
  });
});
