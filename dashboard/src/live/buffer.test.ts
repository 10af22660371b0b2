// The bounded live-event buffer.
import { describe, expect, it } from 'vitest';
import type { EventItem } from '../api/types';
import { prependBounded } from './buffer';

const ev = (id: string) => ({ id }) as EventItem;

describe('prependBounded', () => {
  it('puts the newest first and caps the length', () => {
    let list: EventItem[] = [];
    for (const id of ['a', 'b', 'c', 'd']) list = prependBounded(list, ev(id), 3);
    expect(list.map((e) => e.id)).toEqual(['d', 'c', 'b']);
  });
  it('ignores an event it already has', () => {
    const list = [ev('a')];
    expect(prependBounded(list, ev('a'), 3)).toBe(list);
  });
});
