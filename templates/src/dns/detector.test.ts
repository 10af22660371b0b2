// Per-source detectors on a fake clock: a flood is reported once per minute, a burst of distinct
// names is recon, the LRU evicts past its bound and says so, tunnelling shapes are named.
import { describe, expect, it } from 'vitest';
import { FLOOD_QUERIES, QueryTracker, RECON_NAMES, tunnelMethod } from './detector';

describe('dns detectors', () => {
  it('reports a flood once per window and recon bursts of distinct names', () => {
    let t = 0;
    const tr = new QueryTracker(() => t);
    const found: string[] = [];
    for (let i = 0; i < FLOOD_QUERIES * 3; i++) found.push(...tr.observe('203.0.113.9', 'www.corp.local').map((f) => f.msgid));
    expect(found).toEqual(['flood_suspect']);
    t = 20_000;
    for (let i = 0; i < RECON_NAMES; i++) {
      t += 100;
      found.push(...tr.observe('203.0.113.9', `h${i}.corp.local`).map((f) => f.msgid));
    }
    expect(found).toEqual(['flood_suspect', 'recon_burst']);
  });

  it('keeps at most maxSources and reports evictions at most once a minute', () => {
    let t = 0;
    const tr = new QueryTracker(() => t, 8);
    const ev = [];
    for (let i = 0; i < 40; i++) ev.push(...tr.observe(`10.0.0.${i}`, 'a').filter((f) => f.msgid === 'tracking_evicted'));
    expect(tr.size).toBe(8);
    expect(ev).toHaveLength(1);
    t = 61_000;
    const later = tr.observe('10.9.9.9', 'a').find((f) => f.msgid === 'tracking_evicted');
    expect(later?.fields).toMatchObject({ evicted: 32, tracked: 7 });
  });

  it('names tunnelling shapes and leaves ordinary names alone', () => {
    expect(tunnelMethod(['www', 'corp', 'local'], 1)).toBeUndefined();
    expect(tunnelMethod(['mail-gateway-primary', 'corp', 'local'], 1)).toBeUndefined();
    expect(tunnelMethod(['6f6b2d6578666974726174696f6e', 't', 'corp'], 16)?.method).toBe('hex_label');
    expect(tunnelMethod(['mfrggzdfmztwq2lknnwg23tpobyxe43u', 'x', 'corp'], 16)?.method).toBe('base32_label');
    expect(tunnelMethod(['Xk9qZ2Lw8PaR7vNb', 'c', 'corp'], 1)?.method).toBe('high_entropy');
  });
});
