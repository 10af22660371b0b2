// Formatting of times, numbers, attacker text and errors.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { describeError, errorLine } from './errors';
import { formatBytes, formatCompact, formatCount } from './number';
import { oneLine, visible } from './text';
import { formatDuration, formatRelative, rangeBounds, TIME_RANGES } from './time';

describe('time', () => {
  const now = Date.parse('2026-05-01T12:00:00Z');
  it('formats relative times both ways', () => {
    expect(formatRelative('2026-05-01T11:59:58Z', now)).toBe('just now');
    expect(formatRelative('2026-05-01T11:59:18Z', now)).toBe('42 s ago');
    expect(formatRelative('2026-05-01T11:55:00Z', now)).toBe('5 min ago');
    expect(formatRelative('2026-05-01T09:00:00Z', now)).toBe('3 h ago');
    expect(formatRelative('2026-04-28T12:00:00Z', now)).toBe('3 d ago');
    expect(formatRelative('2026-05-01T12:05:00Z', now)).toBe('in 5 min');
    expect(formatRelative(null, now)).toBe('never');
    expect(formatRelative('garbage', now)).toBe('never');
  });
  it('formats durations', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_400)).toBe('12.4 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(7_800_000)).toBe('2 h 10 min');
    expect(formatDuration(null)).toBe('—');
  });
  it('aligns range starts to the bucket size', () => {
    const day = TIME_RANGES.find((r) => r.key === '24h')!;
    const b = rangeBounds(day, Date.parse('2026-05-01T12:34:56Z'));
    expect(b).toEqual({ from: '2026-04-30T12:00:00.000Z', to: '2026-05-01T12:34:56.000Z' });
  });
});

describe('numbers', () => {
  it('groups and compacts', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(undefined)).toBe('—');
    expect(formatCompact(950)).toBe('950');
    expect(formatCompact(12_345)).toBe('12.3k');
    expect(formatCompact(4_500_000)).toBe('4.5M');
    expect(formatCompact(1000)).toBe('1k');
  });
  it('formats byte sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(18_432)).toBe('18.0 KiB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GiB');
  });
});

describe('attacker text', () => {
  it('makes control, escape and bidi characters visible', () => {
    expect(visible('echo \u001b[31mred')).toBe('echo \\x1b[31mred');
    expect(visible('invoice\u202efdp.exe')).toBe('invoice\\u202efdp.exe');
    expect(visible('a\u0000b\u200bc')).toBe('a\\x00b\\u200bc');
    expect(visible('tab\tand\nnewline')).toBe('tab\tand\nnewline');
    expect(visible(null)).toBe('');
  });
  it('leaves markup as text (escaping is the renderer’s job, nothing is dropped)', () => {
    expect(visible('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });
  it('makes one bounded line', () => {
    expect(oneLine('a\r\nb\tc')).toBe('a⏎b c');
    expect(oneLine('x'.repeat(10), 5)).toBe('xxxx…');
  });
});

describe('errors', () => {
  it('describes API errors for people', () => {
    expect(describeError(new ApiError(404, 'not_found', 'No route for GET /api/v1/stats')).title).toBe('Not available yet');
    expect(describeError(new ApiError(0, 'network_error', 'Cannot reach the control plane'))).toMatchObject({ retryable: true });
    expect(describeError(new ApiError(429, 'rate_limited', 'Too many attempts', undefined, 30)).message).toBe('Too many attempts. Try again in 30 s.');
    expect(describeError(new ApiError(500, 'internal', 'boom'))).toMatchObject({ title: 'Server error', retryable: true });
    expect(describeError(new ApiError(403, 'forbidden', 'Admins only'))).toMatchObject({ retryable: false });
  });
  it('prefixes INI errors with their line', () => {
    expect(errorLine(new ApiError(422, 'validation_failed', 'unknown archetype', { line: 2 }))).toBe('Line 2: unknown archetype');
    expect(errorLine(new ApiError(422, 'validation_failed', 'bad name'))).toBe('bad name');
  });
});
