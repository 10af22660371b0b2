// Live-event filters: the same fields the /events API takes, applied to streamed events too, and
// their round trip through the URL query string.
import type { EventFilters } from '../../api/intel-api';
import type { EventItem } from '../../api/types';

export type LiveFilters = Pick<EventFilters, 'decky' | 'service' | 'eventType' | 'srcIp' | 'q'>;
export const FILTER_KEYS = ['decky', 'service', 'eventType', 'srcIp', 'q'] as const;

export function filtersFromSearch(search: URLSearchParams): LiveFilters {
  const f: LiveFilters = {};
  for (const k of FILTER_KEYS) {
    const v = search.get(k)?.trim();
    if (v) f[k] = v.slice(0, 200);
  }
  return f;
}

export function filtersToSearch(f: LiveFilters): string {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k]) q.set(k, f[k]!);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Client-side equivalent of the server filters: exact on fields, substring (case-insensitive) on q. */
export function matchesFilters(ev: EventItem, f: LiveFilters): boolean {
  if (f.decky && ev.decky !== f.decky) return false;
  if (f.service && ev.service !== f.service) return false;
  if (f.eventType && ev.eventType !== f.eventType) return false;
  if (f.srcIp && ev.srcIp !== f.srcIp) return false;
  if (f.q) {
    const needle = f.q.toLowerCase();
    const hay = [ev.msg ?? '', ev.raw, ev.decky, ev.service, ev.eventType, ev.srcIp ?? '', ...Object.values(ev.fields)];
    if (!hay.some((h) => h.toLowerCase().includes(needle))) return false;
  }
  return true;
}

export function activeFilterCount(f: LiveFilters): number {
  return FILTER_KEYS.filter((k) => !!f[k]).length;
}
