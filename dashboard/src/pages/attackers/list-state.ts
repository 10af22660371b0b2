// Attackers list state (search, sort, order, page) kept in the URL query string.

export interface ListState {
  q: string;
  sort: 'lastSeen' | 'firstSeen' | 'events' | 'ip' | string;
  order: 'asc' | 'desc';
  offset: number;
  /** ATT&CK technique filter (T1110 or T1110.001), set from the matrix page. */
  technique?: string;
}

const SORTS = new Set(['lastSeen', 'firstSeen', 'events', 'ip']);

export function listQuery(p: URLSearchParams): ListState {
  const sort = p.get('sort') ?? '';
  const offset = Number(p.get('offset'));
  return {
    q: (p.get('q') ?? '').slice(0, 200),
    sort: SORTS.has(sort) ? sort : 'lastSeen',
    order: p.get('order') === 'asc' ? 'asc' : 'desc',
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
    ...(/^T\d{4}(\.\d{3})?$/.test(p.get('technique') ?? '') ? { technique: p.get('technique')! } : {}),
  };
}

export function listSearch(s: ListState): string {
  const q = new URLSearchParams();
  if (s.q) q.set('q', s.q);
  if (s.sort !== 'lastSeen') q.set('sort', s.sort);
  if (s.order !== 'desc') q.set('order', s.order);
  if (s.offset > 0) q.set('offset', String(s.offset));
  if (s.technique) q.set('technique', s.technique);
  const str = q.toString();
  return str ? `?${str}` : '';
}
