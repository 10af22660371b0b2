// Stable ids for clusters: a cluster keeps the id of the previous cluster it overlaps most (ties:
// the smaller id), each previous id going to one cluster at most; a new cluster's id derives from
// its earliest member, so any instance re-clustering the same data names it the same.
import { shortHash } from '../intel/aggregate';

export interface Assignment {
  /** Id per component, same order as the input. */
  ids: string[];
  /** Previous ids no longer used. */
  retired: string[];
}

/**
 * @param previous member -> previous cluster id
 * @param earliest the member a new cluster is named after (earliest first seen, then smallest id)
 * @param reserved ids in use outside `previous` (an incremental run sees only part of the clusters)
 */
export function assignIds(components: readonly string[][], previous: ReadonlyMap<string, string>, earliest: (members: readonly string[]) => string, namespace: string, reserved: ReadonlySet<string> = new Set()): Assignment {
  const candidates: { c: number; prev: string; n: number }[] = [];
  components.forEach((members, c) => {
    const counts = new Map<string, number>();
    for (const m of members) {
      const p = previous.get(m);
      if (p) counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    for (const [prev, n] of counts) candidates.push({ c, prev, n });
  });
  candidates.sort((x, y) => y.n - x.n || (x.prev < y.prev ? -1 : x.prev > y.prev ? 1 : 0) || x.c - y.c);
  const ids: (string | undefined)[] = components.map(() => undefined);
  const used = new Set<string>();
  for (const { c, prev } of candidates) {
    if (ids[c] !== undefined || used.has(prev)) continue;
    ids[c] = prev;
    used.add(prev);
  }
  const prevIds = new Set(previous.values());
  components.forEach((members, c) => {
    if (ids[c] !== undefined) return;
    const seed = `${namespace}:${earliest(members)}`;
    let id = shortHash(seed);
    for (let k = 1; used.has(id) || prevIds.has(id) || reserved.has(id); k++) id = shortHash(`${seed}:${k}`);
    ids[c] = id;
    used.add(id);
  });
  return { ids: ids as string[], retired: [...prevIds].filter((p) => !used.has(p)).sort() };
}
