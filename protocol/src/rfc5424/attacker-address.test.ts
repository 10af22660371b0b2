import { describe, expect, it } from 'vitest';
import { extractAttackerAddress } from './attacker-address';

describe('extractAttackerAddress', () => {
  it('follows DECNET key precedence: src_ip before src before client_ip ... before ip', () => {
    expect(extractAttackerAddress({ ip: '10.0.0.7', src: '10.0.0.2', src_ip: '10.0.0.1' }, null)).toEqual({
      ip: '10.0.0.1', port: null, source: 'field', key: 'src_ip',
    });
    expect(extractAttackerAddress({ ip: '10.0.0.7', remote_addr: '10.0.0.5' }, null)?.key).toBe('remote_addr');
    expect(extractAttackerAddress({ target_ip: '10.0.0.6', ip: '10.0.0.7' }, null)?.key).toBe('target_ip');
  });

  it('splits host:port and [v6]:port', () => {
    expect(extractAttackerAddress({ remote_addr: '198.51.100.4:40022' }, null)).toMatchObject({ ip: '198.51.100.4', port: 40022 });
    expect(extractAttackerAddress({ remote_addr: '[2001:db8::1]:443' }, null)).toMatchObject({ ip: '2001:db8::1', port: 443 });
    expect(extractAttackerAddress({ src_ip: '2001:db8::1' }, null)).toMatchObject({ ip: '2001:db8::1', port: null });
  });

  it('skips values that are not addresses (remote_addr="-", hostnames, injection)', () => {
    expect(extractAttackerAddress({ src_ip: '-', remote_addr: 'evil.example', ip: '10.1.1.1' }, null)?.ip).toBe('10.1.1.1');
    expect(extractAttackerAddress({ src_ip: '1.2.3.4; DROP TABLE' }, null)).toBeNull();
  });

  it('falls back to MSG key=value tokens in message order', () => {
    expect(extractAttackerAddress({}, 'CMD uid=0 user=root src=203.0.113.5 pwd=/root cmd=id')).toMatchObject({
      ip: '203.0.113.5', source: 'msg_kv', key: 'src',
    });
  });

  it('then to an anchored from / rhost= / client= IP', () => {
    expect(extractAttackerAddress({}, 'Failed password for root from 192.0.2.10 port 2222 ssh2')).toMatchObject({
      ip: '192.0.2.10', source: 'anchored',
    });
    expect(extractAttackerAddress({}, 'authentication failure; logname= uid=0 rhost=192.0.2.11  user=root')?.ip).toBe('192.0.2.11');
    expect(extractAttackerAddress({}, 'connection closed by peer from 192.0.2.12.')?.ip).toBe('192.0.2.12');
  });

  it('then to the first bare IPv4, ignoring impossible ones and version numbers', () => {
    expect(extractAttackerAddress({}, 'v1.2.3.4.5 and 999.1.1.1 then 198.18.0.9 and 198.18.0.10')).toMatchObject({
      ip: '198.18.0.9', source: 'bare_ipv4',
    });
    expect(extractAttackerAddress({}, 'nothing here')).toBeNull();
    expect(extractAttackerAddress({}, null)).toBeNull();
  });

  it('ignores inherited keys', () => {
    const fields = Object.create({ src_ip: '1.1.1.1' }) as Record<string, string>;
    expect(extractAttackerAddress(fields, null)).toBeNull();
  });
});
