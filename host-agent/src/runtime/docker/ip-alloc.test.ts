// Deterministic decky addresses: explicit first, kept when held, hashed otherwise; errors not throws.
import { describe, expect, it } from 'vitest';
import { allocateIps, cidrHosts, inCidr, intToIp } from './ip-alloc';

const pool = { subnet: '10.198.0.0/24', ipRange: '10.198.0.64/26' };

describe('allocateIps', () => {
  it('is stable across calls and input order, inside the range, never the gateway, no duplicates', () => {
    const names = Array.from({ length: 40 }, (_, i) => ({ name: `d${i}` }));
    const a = allocateIps(names, pool);
    const b = allocateIps([...names].reverse(), pool);
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
    const ips = [...a.values()].map(String);
    expect(new Set(ips).size).toBe(40);
    expect(ips.every((ip) => inCidr(ip, pool.ipRange) && ip !== '10.198.0.1')).toBe(true);
  });

  it('gives explicit addresses first (anywhere in the subnet) and keeps a current one', () => {
    const r = allocateIps([{ name: 'a', explicit: '10.198.0.5' }, { name: 'b', current: '10.198.0.70' }, { name: 'c' }], pool);
    expect(r.get('a')).toBe('10.198.0.5');
    expect(r.get('b')).toBe('10.198.0.70');
    expect(r.get('c')).not.toBe('10.198.0.70');
  });

  it('reports conflicts, addresses outside the subnet and exhaustion as errors', () => {
    const r = allocateIps([{ name: 'a', explicit: '10.198.0.1' }, { name: 'b', explicit: '10.9.0.1' }, { name: 'c', explicit: '10.198.0.9' }, { name: 'd', explicit: '10.198.0.9' }], pool);
    expect(r.get('a')).toBeInstanceOf(Error);
    expect(r.get('b')).toBeInstanceOf(Error);
    expect(r.get('c')).toBe('10.198.0.9');
    expect(r.get('d')).toBeInstanceOf(Error);
    const tiny = allocateIps([{ name: 'x' }, { name: 'y' }, { name: 'z' }], { subnet: '10.1.0.0/24', ipRange: '10.1.0.8/30' }); // hosts .9 and .10
    expect([...tiny.values()].filter((v) => v instanceof Error)).toHaveLength(1);
  });

  it('knows CIDR host bounds', () => {
    const { first, last } = cidrHosts('192.168.1.77/24');
    expect([intToIp(first), intToIp(last)]).toEqual(['192.168.1.1', '192.168.1.254']);
  });
});
