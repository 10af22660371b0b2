// Bounded newest-first buffer for streamed events, de-duplicated by event id.
import type { EventItem } from '../api/types';

export function prependBounded(prev: readonly EventItem[], ev: EventItem, max: number): EventItem[] {
  if (prev.some((p) => p.id === ev.id)) return prev as EventItem[];
  const next = [ev, ...prev];
  if (next.length > max) next.length = max;
  return next;
}
