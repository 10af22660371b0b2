// Packing deckies into runner groups: the fewest groups of at most deckiesPerRunner, filled evenly, so
// no decky is left alone in a process of its own while another group is full.
import { describe, expect, it } from 'vitest';
import { pickGroup } from './runner-pool';

/** The group sizes after starting `deckies` one by one with pickGroup. */
const groupsOf = (deckies: number, max: number): number[] => {
  const sizes: number[] = [];
  const wanted = Math.ceil(deckies / max);
  for (let d = 0; d < deckies; d++) {
    const i = pickGroup(sizes, wanted, max);
    if (i === undefined) sizes.push(1);
    else sizes[i]!++;
  }
  return sizes;
};

describe('pickGroup', () => {
  it('spreads a fleet evenly over the fewest groups', () => {
    expect(groupsOf(11, 8)).toEqual([6, 5]);
    expect(groupsOf(9, 8)).toEqual([5, 4]);
    expect(groupsOf(10, 3)).toEqual([3, 3, 2, 2]);
    expect(groupsOf(8, 8)).toEqual([8]);
    expect(groupsOf(5, 1)).toEqual([1, 1, 1, 1, 1]);
    for (let n = 1; n <= 64; n++) {
      for (const max of [1, 2, 3, 8, 16]) {
        const g = groupsOf(n, max);
        expect(g.length).toBe(Math.ceil(n / max));
        expect(Math.max(...g) - Math.min(...g)).toBeLessThanOrEqual(1);
        expect(Math.max(...g)).toBeLessThanOrEqual(max);
      }
    }
  });

  it('adds a group only when every open one is full, and refills the emptiest first', () => {
    expect(pickGroup([8, 8], 2, 8)).toBeUndefined();
    expect(pickGroup([8, 3, 5], 2, 8)).toBe(1); // a crashed group's deckies come back to the emptiest
    expect(pickGroup([4], 2, 8)).toBeUndefined(); // the fleet needs a second group first
  });
});
