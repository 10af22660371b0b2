// Pure helpers behind <Table> and <Pagination>: client-side sorting and page arithmetic.

export type SortDir = 'asc' | 'desc';
export interface SortState {
  key: string;
  dir: SortDir;
}

export type SortValue = string | number | boolean | null | undefined;

function compare(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1; // blanks last
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}

/** A sorted copy (stable); blanks stay last in both directions. */
export function sortRows<T>(rows: readonly T[], value: (row: T) => SortValue, dir: SortDir): T[] {
  return rows
    .map((row, i) => ({ row, i, v: value(row) }))
    .sort((x, y) => {
      const blank = (v: SortValue) => v === null || v === undefined || v === '';
      if (blank(x.v) !== blank(y.v)) return blank(x.v) ? 1 : -1;
      const c = compare(x.v, y.v);
      return (dir === 'asc' ? c : -c) || x.i - y.i;
    })
    .map((x) => x.row);
}

/** Clicking a header: same column flips direction, a new column starts with `firstDir`. */
export function nextSort(current: SortState | undefined, key: string, firstDir: SortDir = 'desc'): SortState {
  if (current?.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: firstDir };
}

export interface PageInfo {
  first: number;
  last: number;
  page: number;
  pages: number;
  hasPrev: boolean;
  hasNext: boolean;
}

export function pageInfo(offset: number, limit: number, total: number): PageInfo {
  const safeTotal = Math.max(0, total);
  const pages = Math.max(1, Math.ceil(safeTotal / limit));
  const page = Math.min(pages, Math.floor(offset / limit) + 1);
  return {
    first: safeTotal === 0 ? 0 : offset + 1,
    last: Math.min(offset + limit, safeTotal),
    page,
    pages,
    hasPrev: offset > 0,
    hasNext: offset + limit < safeTotal,
  };
}
