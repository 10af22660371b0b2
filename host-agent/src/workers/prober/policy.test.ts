// The allow/deny policy and its CIDR arithmetic (IPv4, IPv6, IPv4-mapped IPv6), and the config bounds.
import { describe, expect, it } from 'vitest';
import { ProberConfigSchema } from './config';
import { inCidr, parseCidr, ProbePolicy } from './policy';

const policy = (allow: string[] = [], deny: string[] = [], fleet: string[] = []): ProbePolicy => new ProbePolicy({ allow, deny, fleet: () => fleet });

describe('probe policy', () => {
  it('never probes private, loopback, link-local, multicast or reserved addresses by default', () => {
    const p = policy();
    for (const ip of ['10.1.2.3', '172.20.0.1', '192.168.1.10', '127.0.0.1', '169.254.169.254', '224.0.0.251', '100.64.1.1', '0.0.0.0', '255.255.255.255',
      '::1', 'fe80::1', 'fd00::5', 'ff02::1', '::ffff:10.0.0.1', '::ffff:127.0.0.1', '192.0.2.7', '2001:db8::1']) {
      expect(p.verdict(ip), ip).toEqual({ probe: false, reason: 'protected' });
    }
  });

  it('probes public addresses, IPv4 and IPv6, also in IPv4-mapped form', () => {
    const p = policy();
    for (const ip of ['8.8.8.8', '185.220.101.4', '2a01:4f8::1', '::ffff:8.8.4.4', '172.32.0.1', '11.0.0.1']) expect(p.verdict(ip), ip).toEqual({ probe: true });
    expect(p.verdict('not-an-ip')).toEqual({ probe: false, reason: 'invalid' });
  });

  it('lets an allow entry unlock a protected range, and a deny entry always wins', () => {
    const p = policy(['127.0.0.1/32', '10.9.0.0/16', 'fd00::/8'], ['10.9.9.0/24', '8.8.8.0/24']);
    expect(p.verdict('127.0.0.1')).toEqual({ probe: true });
    expect(p.verdict('::ffff:127.0.0.1')).toEqual({ probe: true });
    expect(p.verdict('127.0.0.2')).toEqual({ probe: false, reason: 'protected' });
    expect(p.verdict('10.9.1.1')).toEqual({ probe: true });
    expect(p.verdict('10.9.9.1')).toEqual({ probe: false, reason: 'denied' });
    expect(p.verdict('8.8.8.8')).toEqual({ probe: false, reason: 'denied' });
    expect(p.verdict('fd12::1')).toEqual({ probe: true });
  });

  it("keeps the fleet's own ranges and addresses out unless allowed", () => {
    const p = policy([], [], ['203.0.114.0/24', '198.1.2.3', '2a00:1::/32']);
    expect(p.verdict('203.0.114.77')).toEqual({ probe: false, reason: 'fleet' });
    expect(p.verdict('198.1.2.3')).toEqual({ probe: false, reason: 'fleet' });
    expect(p.verdict('198.1.2.4')).toEqual({ probe: true });
    expect(p.verdict('2a00:1:ffff::9')).toEqual({ probe: false, reason: 'fleet' });
    expect(policy(['203.0.114.0/25'], [], ['203.0.114.0/24']).verdict('203.0.114.77')).toEqual({ probe: true });
  });

  it('parses CIDRs strictly', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ v6: false, net: 0x0a000000n, bits: 8 });
    expect(parseCidr('10.1.2.3/8')!.net).toBe(0x0a000000n);
    expect(parseCidr('::/0')).toEqual({ v6: true, net: 0n, bits: 0 });
    for (const bad of ['10.0.0.0/33', '10.0.0/8', 'fe80::/129', 'x/1', '1.2.3.4/8/9', '', '1.2.3.4/-1']) expect(parseCidr(bad), bad).toBeUndefined();
    expect(inCidr('2001:db8:0:0:0:0:0:1', parseCidr('2001:db8::/32')!)).toBe(true);
    expect(inCidr('10.0.0.1', parseCidr('::/0')!)).toBe(false);
  });

  it('is off by default and refuses allow entries broader than /8 or /16', () => {
    const c = ProberConfigSchema.parse({});
    expect(c.enabled).toBe(false);
    expect(c.ports).toEqual([22, 80, 443, 8080, 8443, 3389, 445]);
    expect(ProberConfigSchema.safeParse({ allow: ['0.0.0.0/0'] }).success).toBe(false);
    expect(ProberConfigSchema.safeParse({ allow: ['::/0'] }).success).toBe(false);
    expect(ProberConfigSchema.safeParse({ allow: ['10.0.0.0/8', '127.0.0.1'] }).success).toBe(true);
    expect(ProberConfigSchema.safeParse({ deny: ['nope'] }).success).toBe(false);
  });
});
