import { describe, expect, it } from 'vitest';
import { ipv4InCidr, isIPv4, isIPv6, parseIPv4Cidr, splitHostPort } from './ip';

describe('ip helpers', () => {
  it.each(['0.0.0.0', '1.2.3.4', '255.255.255.255', '192.168.1.82'])('isIPv4(%s)', (s) => expect(isIPv4(s)).toBe(true));
  it.each(['256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.4 ', 'a.b.c.d', ''])('!isIPv4(%j)', (s) => expect(isIPv4(s)).toBe(false));
  it.each(['::', '::1', '2001:db8::1', 'fe80::1:2:3:4', '1:2:3:4:5:6:7:8', '::ffff:192.0.2.1', '64:ff9b::192.0.2.1'])(
    'isIPv6(%s)', (s) => expect(isIPv6(s)).toBe(true),
  );
  it.each(['1:2:3:4:5:6:7:8:9', '1::2::3', '12345::1', 'fe80::1%eth0', '1.2.3.4', ':::', '1:2:3:4:5:6:7::8:9', 'g::1'])(
    '!isIPv6(%j)', (s) => expect(isIPv6(s)).toBe(false),
  );

  it('splits host:port forms', () => {
    expect(splitHostPort('1.2.3.4:22')).toEqual({ host: '1.2.3.4', port: 22 });
    expect(splitHostPort('[::1]:8080')).toEqual({ host: '::1', port: 8080 });
    expect(splitHostPort('[::1]')).toEqual({ host: '::1', port: null });
    expect(splitHostPort('::1')).toEqual({ host: '::1', port: null });
    expect(splitHostPort('1.2.3.4:99999')).toEqual({ host: '1.2.3.4', port: null });
  });

  it('checks IPv4 CIDR membership', () => {
    expect(parseIPv4Cidr('192.168.1.0/24')).toEqual(['192.168.1.0', 24]);
    expect(parseIPv4Cidr('192.168.1.0/33')).toBeNull();
    expect(ipv4InCidr('192.168.1.82', '192.168.1.0/24')).toBe(true);
    expect(ipv4InCidr('192.168.2.1', '192.168.1.0/24')).toBe(false);
    expect(ipv4InCidr('10.200.0.1', '10.0.0.0/8')).toBe(true);
    expect(ipv4InCidr('8.8.8.8', '0.0.0.0/0')).toBe(true);
    expect(ipv4InCidr('10.0.0.1', '10.0.0.1/32')).toBe(true);
  });
});
