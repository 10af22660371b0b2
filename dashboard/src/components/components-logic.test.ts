// Table sorting, pagination arithmetic and histogram-to-chart data.
import { describe, expect, it } from 'vitest';
import { histogramSeries, seriesTotal } from './chart-data';
import { nextSort, pageInfo, sortRows } from './table-logic';

describe('sortRows', () => {
  const rows = [{ n: 3, s: 'b' }, { n: 1, s: 'a10' }, { n: null, s: 'a2' }, { n: 2, s: '' }];
  it('sorts numbers and strings (numeric-aware) with blanks last', () => {
    expect(sortRows(rows, (r) => r.n, 'asc').map((r) => r.n)).toEqual([1, 2, 3, null]);
    expect(sortRows(rows, (r) => r.n, 'desc').map((r) => r.n)).toEqual([3, 2, 1, null]);
    expect(sortRows(rows, (r) => r.s, 'asc').map((r) => r.s)).toEqual(['a2', 'a10', 'b', '']);
  });
  it('does not mutate its input', () => {
    const copy = [...rows];
    sortRows(rows, (r) => r.n, 'asc');
    expect(rows).toEqual(copy);
  });
  it('flips on the same column, starts fresh on another', () => {
    expect(nextSort({ key: 'a', dir: 'desc' }, 'a')).toEqual({ key: 'a', dir: 'asc' });
    expect(nextSort({ key: 'a', dir: 'asc' }, 'b')).toEqual({ key: 'b', dir: 'desc' });
  });
});

describe('pageInfo', () => {
  it('describes a page', () => {
    expect(pageInfo(50, 50, 120)).toEqual({ first: 51, last: 100, page: 2, pages: 3, hasPrev: true, hasNext: true });
    expect(pageInfo(0, 50, 0)).toMatchObject({ first: 0, last: 0, pages: 1, hasNext: false, hasPrev: false });
  });
});

describe('histogramSeries', () => {
  it('fills empty buckets with zero across the whole range', () => {
    const data = histogramSeries(
      { intervalS: 3600, buckets: [{ ts: '2026-05-01T01:00:00Z', count: 4 }, { ts: '2026-05-01T03:00:00Z', count: 2 }] },
      '2026-05-01T00:00:00Z',
      '2026-05-01T03:30:00Z',
    );
    const t0 = Date.parse('2026-05-01T00:00:00Z') / 1000;
    expect(data[0]).toEqual([t0, t0 + 3600, t0 + 7200, t0 + 10800]);
    expect(data[1]).toEqual([0, 4, 0, 2]);
    expect(seriesTotal(data)).toBe(6);
  });
  it('returns nothing for a reversed range', () => {
    expect(histogramSeries({ intervalS: 60, buckets: [] }, '2026-05-02T00:00:00Z', '2026-05-01T00:00:00Z')).toEqual([[], []]);
  });
});
