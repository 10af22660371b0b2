import { describe, expect, it } from 'vitest';
import { isServiceSlug } from '../events/catalogue';
import { archetype, ARCHETYPES, ARCHETYPE_SLUGS, resolveNmapOs } from './archetypes';
import { distroProfile, DISTROS, isDistroSlug } from './distros';
import { OS_FAMILIES, OS_FINGERPRINTS, SYSCTL_KEYS, sysctlsFor } from './os-fingerprints';

describe('archetypes', () => {
  it('has the 15 archetypes of inventory §2.1 with known services and distros', () => {
    expect(ARCHETYPES).toHaveLength(15);
    expect(new Set(ARCHETYPE_SLUGS).size).toBe(15);
    for (const a of ARCHETYPES) {
      for (const s of a.services) expect(isServiceSlug(s), `${a.slug}/${s}`).toBe(true);
      for (const d of a.preferredDistros) expect(isDistroSlug(d), `${a.slug}/${d}`).toBe(true);
      expect(OS_FAMILIES).toContain(a.nmapOs);
    }
    expect(archetype('domain-controller')).toMatchObject({ services: ['ldap', 'smb', 'rdp', 'llmnr'], nmapOs: 'windows_server' });
    expect(archetype('devops-host').services).toEqual(['docker_api', 'ssh', 'k8s']);
    expect(archetype('printer')).toMatchObject({ preferredDistros: ['alpine', 'debian'], nmapOs: 'embedded' });
  });

  it('resolves nmap_os: explicit beats archetype beats linux', () => {
    expect(resolveNmapOs('bsd', 'windows-server')).toBe('bsd');
    expect(resolveNmapOs(undefined, 'windows-server')).toBe('windows_server');
    expect(resolveNmapOs(undefined, undefined)).toBe('linux');
  });
});

describe('distros', () => {
  it('has the profiles of inventory §2.2', () => {
    expect(DISTROS.map((d) => d.slug)).toEqual(['debian', 'ubuntu22', 'ubuntu20', 'rocky9', 'centos7', 'fedora', 'alpine', 'kali', 'arch']);
    expect(distroProfile('rocky9')).toMatchObject({ baseImage: 'rockylinux:9-minimal', buildBase: 'debian:bookworm-slim', hostnameStyle: 'rhel' });
    expect(distroProfile('kali')).toMatchObject({ buildBase: 'kalilinux/kali-rolling', hostnameStyle: 'rolling' });
    expect(distroProfile('alpine').hostnameStyle).toBe('minimal');
  });
});

describe('OS fingerprints', () => {
  it('sets all ten sysctls for every family, as strings', () => {
    for (const f of OS_FAMILIES) {
      expect(Object.keys(OS_FINGERPRINTS[f]).sort()).toEqual([...SYSCTL_KEYS].sort());
      for (const v of Object.values(OS_FINGERPRINTS[f])) expect(v).toMatch(/^\d+$/);
    }
  });

  it('matches the inventory §2.3 table', () => {
    expect(OS_FINGERPRINTS.linux).toEqual({
      'net.ipv4.ip_default_ttl': '64', 'net.ipv4.tcp_syn_retries': '6', 'net.ipv4.tcp_timestamps': '1',
      'net.ipv4.tcp_window_scaling': '1', 'net.ipv4.tcp_sack': '1', 'net.ipv4.tcp_ecn': '2',
      'net.ipv4.ip_no_pmtu_disc': '0', 'net.ipv4.tcp_fin_timeout': '60', 'net.ipv4.icmp_ratelimit': '1000',
      'net.ipv4.icmp_ratemask': '6168',
    });
    expect(OS_FINGERPRINTS.windows['net.ipv4.ip_default_ttl']).toBe('128');
    expect(OS_FINGERPRINTS.windows_server['net.ipv4.tcp_ecn']).toBe('1');
    expect(OS_FINGERPRINTS.bsd['net.ipv4.icmp_ratelimit']).toBe('250');
    expect(OS_FINGERPRINTS.embedded).toMatchObject({ 'net.ipv4.ip_default_ttl': '255', 'net.ipv4.tcp_syn_retries': '3', 'net.ipv4.ip_no_pmtu_disc': '1' });
    expect(OS_FINGERPRINTS.cisco).toMatchObject({ 'net.ipv4.tcp_syn_retries': '2', 'net.ipv4.tcp_fin_timeout': '15' });
  });

  it('sysctlsFor returns a copy', () => {
    const s = sysctlsFor('linux');
    s['net.ipv4.ip_default_ttl'] = '1';
    expect(OS_FINGERPRINTS.linux['net.ipv4.ip_default_ttl']).toBe('64');
  });
});
