import { describe, expect, it } from 'vitest';
import { ConnectDedup } from './connect-dedup';

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

const ev = (eventType: string, attackerIp: string | null = '192.0.2.1', decky = 'd1', service = 'ssh') => ({
  attackerIp, decky, service, eventType,
});

describe('ConnectDedup', () => {
  it('drops repeats of a lifecycle event within the 1 s window', () => {
    const c = clock();
    const d = new ConnectDedup({ now: c.now });
    expect(d.shouldKeep(ev('connect'))).toBe(true);
    c.advance(500);
    expect(d.shouldKeep(ev('connect'))).toBe(false);
    c.advance(499);
    expect(d.shouldKeep(ev('connect'))).toBe(false);
    c.advance(1);
    expect(d.shouldKeep(ev('connect'))).toBe(true);
  });

  it('measures the window from the last kept event, as DECNET does', () => {
    const c = clock();
    const d = new ConnectDedup({ now: c.now });
    const kept: number[] = [];
    for (let t = 0; t < 3000; t += 100) {
      if (d.shouldKeep(ev('disconnect'))) kept.push(t);
      c.advance(100);
    }
    expect(kept).toEqual([0, 1000, 2000]);
  });

  it('keys on (ip, decky, service, type)', () => {
    const d = new ConnectDedup({ now: () => 0 });
    expect(d.shouldKeep(ev('connect'))).toBe(true);
    expect(d.shouldKeep(ev('connect', '192.0.2.2'))).toBe(true);
    expect(d.shouldKeep(ev('connect', '192.0.2.1', 'd2'))).toBe(true);
    expect(d.shouldKeep(ev('connect', '192.0.2.1', 'd1', 'ftp'))).toBe(true);
    expect(d.shouldKeep(ev('disconnect'))).toBe(true);
    expect(d.shouldKeep(ev('connect', null))).toBe(true);
    expect(d.shouldKeep(ev('connect', null))).toBe(false);
  });

  it('passes every type outside connect/disconnect/connection/accept/close', () => {
    const d = new ConnectDedup({ now: () => 0 });
    for (let i = 0; i < 5; i++) expect(d.shouldKeep(ev('auth_attempt'))).toBe(true);
    for (const t of ['connection', 'accept', 'close']) {
      expect(d.shouldKeep(ev(t))).toBe(true);
      expect(d.shouldKeep(ev(t))).toBe(false);
    }
  });

  it('is disabled by windowMs 0 and configurable by type list', () => {
    const off = new ConnectDedup({ now: () => 0, windowMs: 0 });
    expect(off.shouldKeep(ev('connect')) && off.shouldKeep(ev('connect'))).toBe(true);
    const custom = new ConnectDedup({ now: () => 0, eventTypes: ['request'] });
    expect(custom.shouldKeep(ev('connect')) && custom.shouldKeep(ev('connect'))).toBe(true);
    expect(custom.shouldKeep(ev('request'))).toBe(true);
    expect(custom.shouldKeep(ev('request'))).toBe(false);
  });

  it('bounds memory: expired and least recently kept keys are forgotten', () => {
    const c = clock();
    const d = new ConnectDedup({ now: c.now, maxEntries: 100 });
    for (let i = 0; i < 1000; i++) d.shouldKeep(ev('connect', `10.0.${i >> 8}.${i & 255}`));
    expect(d.size).toBeLessThanOrEqual(100);
    c.advance(2000);
    d.shouldKeep(ev('connect', '10.9.9.9'));
    expect(d.size).toBe(1);
    d.clear();
    expect(d.size).toBe(0);
  });
});
