// SourceTable: tokens per address, a bounded LRU of sources, one report per window, pseudo sessions.
import { describe, expect, it } from 'vitest';
import { SourceTable, TokenBucket } from './source-table';

describe('SourceTable', () => {
  it('refills by time, reports a refusal once per window and keeps a session id per source port', () => {
    let t = 0;
    const table = new SourceTable({ perSecond: 1, burst: 2, maxSources: 10, reportWindowMs: 1000, now: () => t });
    const a = table.admit('10.0.0.1', 1000);
    const b = table.admit('10.0.0.1', 1000);
    expect(a.ok && b.ok && a.sessionId === b.sessionId).toBe(true);
    expect(table.admit('10.0.0.1', 1000)).toEqual({ ok: false, report: true, refusedInWindow: 1 });
    expect(table.admit('10.0.0.1', 1000)).toEqual({ ok: false, report: false, refusedInWindow: 2 });
    t = 1000;
    const c = table.admit('10.0.0.1', 1001);
    expect(c.ok && a.ok && c.sessionId !== a.sessionId).toBe(true);
    expect(table.admit('10.0.0.1', 1000)).toEqual({ ok: false, report: true, refusedInWindow: 1 });
  });

  it('tracks at most maxSources addresses, evicting the least recently seen', () => {
    const table = new SourceTable({ perSecond: 0, burst: 1, maxSources: 100, reportWindowMs: 1000, now: () => 0 });
    for (let i = 0; i < 10_000; i++) table.admit(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, i);
    expect(table.size).toBe(100);
    // The first address was evicted: it gets a fresh bucket again.
    expect(table.admit('10.0.0.0', 1).ok).toBe(true);
  });
});

describe('TokenBucket', () => {
  it('allows the burst, then the refill rate', () => {
    let t = 0;
    const b = new TokenBucket(2, 3, () => t);
    expect([b.take(), b.take(), b.take(), b.take()]).toEqual([true, true, true, false]);
    t = 500;
    expect([b.take(), b.take()]).toEqual([true, false]);
  });
});
