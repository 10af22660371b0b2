import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PublishLimiter } from './publish-limiter';
import { groupId } from './socket-group';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('PublishLimiter', () => {
  it('lets a burst through, then holds the excess and releases it at the budget rate, in order', async () => {
    const l = new PublishLimiter(1000, 100, () => Date.now());
    const done: number[] = [];
    for (let i = 0; i < 300; i++) l.take('flooder', () => done.push(i));
    expect(done).toHaveLength(100);
    await vi.advanceTimersByTimeAsync(100);
    expect(done.length).toBeGreaterThanOrEqual(195);
    expect(done.length).toBeLessThanOrEqual(201);
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(l.stats.throttled).toBe(200);
  });

  it('budgets clients separately, forgets a disconnected one, and can be disabled', () => {
    const l = new PublishLimiter(10, 1, () => Date.now());
    const got: string[] = [];
    l.take('a', () => got.push('a1'));
    l.take('a', () => got.push('a2'));
    l.take('b', () => got.push('b1'));
    expect(got).toEqual(['a1', 'b1']);
    l.forget('a'); // its held publish is released (aedes drops it for the closed client)
    expect(got).toEqual(['a1', 'b1', 'a2']);
    const off = new PublishLimiter(0);
    let n = 0;
    for (let i = 0; i < 1000; i++) off.take('x', () => n++);
    expect(n).toBe(1000);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('socket group', () => {
  it('resolves a number or a name from the group file', () => {
    const d = mkdtempSync(join(tmpdir(), 'grp-'));
    const f = join(d, 'group');
    writeFileSync(f, 'root:x:0:\ndecnet:x:998:\n');
    expect(groupId('998', f)).toBe(998);
    expect(groupId('decnet', f)).toBe(998);
    expect(() => groupId('nobody-here', f)).toThrow(/unknown group/);
    rmSync(d, { recursive: true, force: true });
  });
});
