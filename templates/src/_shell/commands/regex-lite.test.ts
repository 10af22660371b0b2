// The NFA regex engine: POSIX BRE/ERE features, leftmost-longest matches, linear time on hostile input.

import { describe, it, expect } from 'vitest';
import { compileRegex } from './regex-lite';

function re(p: string, extended = false, icase = false) {
  const r = compileRegex(p, { extended, icase });
  if (!r.ok) throw new Error(r.error);
  return r.re;
}

describe('regex-lite', () => {
  it('supports BRE and ERE operators', () => {
    expect(re('^ro*t$').test('root')).toBe(true);
    expect(re('a\\(b\\|c\\)d').test('acd')).toBe(true);
    expect(re('a(b|c)d').test('acd')).toBe(false);
    expect(re('a(b|c)+d', true).test('abcbd')).toBe(true);
    expect(re('x{2,3}', true).exec('axxxxb')).toEqual([1, 4]);
    expect(re('[[:digit:]]+', true).exec('ab123c')).toEqual([2, 5]);
    expect(re('[^a-c]', true).exec('abcd')).toEqual([3, 4]);
    expect(re('HELLO', false, true).test('say hello')).toBe(true);
    expect(re('a.c').test('a-c')).toBe(true);
    expect(re('*a').test('*a')).toBe(true);
  });

  it('reports malformed patterns with GNU messages', () => {
    expect(compileRegex('(a', { extended: true, icase: false })).toEqual({ ok: false, error: 'Unmatched ( or \\(' });
    expect(compileRegex('[a', { extended: false, icase: false })).toEqual({ ok: false, error: 'Unmatched [, [^, [:, [., or [=' });
    expect(compileRegex('a{300}', { extended: true, icase: false }).ok).toBe(false);
  });

  it('stays fast on catastrophic-backtracking patterns', () => {
    const start = Date.now();
    expect(re('(a*)*(a*)*b', true).test('a'.repeat(5000))).toBe(false);
    expect(re('(a|aa)+$', true).test(`${'a'.repeat(5000)}!`)).toBe(false);
    expect(Date.now() - start).toBeLessThan(2000);
  });
});
