// How local deckies are packed into runner processes: a fleet of n deckies gets the fewest groups that
// hold it (ceil(n / deckiesPerRunner)), and each decky joins the open group with the fewest deckies, so
// groups differ by one at most (11 at 8: 6 + 5, not 8 + 3; 9: 5 + 4, never a lone decky paying a whole
// process). 1 = a process per decky (full isolation); more share one Node's baseline memory, and a
// crash takes the whole group down.
import type { GroupMember } from './group-member';
import type { DeckyLogFiles } from './log-writer';
import { RunnerGroup, type RunnerGroupOptions } from './runner-group';

/**
 * The default of `local.deckiesPerRunner`. Measured (`npm run bench -- --only=startup`): the default
 * fleet's 11 deckies in 6 + 5, 11.9 MB RSS per decky, against ~65 MB at 1 (well under the 40 MB target);
 * one group of all 12 would be ~6 MB, but one crash would then take every decky down.
 */
export const DEFAULT_DECKIES_PER_RUNNER = 8;
export const MAX_DECKIES_PER_RUNNER = 256;

/**
 * Where the next decky goes: the index of the open group (by its size) with the fewest deckies, or
 * undefined for a new group, while fewer than `wanted` are open or every open one is full.
 */
export function pickGroup(sizes: readonly number[], wanted: number, max: number): number | undefined {
  if (sizes.length < wanted) return undefined;
  let best: number | undefined;
  sizes.forEach((n, i) => {
    if (n < max && (best === undefined || n < sizes[best]!)) best = i;
  });
  return best;
}

export class RunnerPool {
  private readonly groups = new Set<RunnerGroup>();
  /** Groups the fleet being applied needs (balanceFor). */
  private wanted = 1;

  constructor(private readonly o: RunnerGroupOptions & { deckiesPerRunner: number }) {
    if (!Number.isInteger(o.deckiesPerRunner) || o.deckiesPerRunner < 1 || o.deckiesPerRunner > MAX_DECKIES_PER_RUNNER) {
      throw new Error(`deckiesPerRunner: want an integer from 1 to ${MAX_DECKIES_PER_RUNNER}, got ${o.deckiesPerRunner}`);
    }
  }

  /** A fleet of `deckies` is about to run: spread it evenly over the fewest groups that hold it. */
  balanceFor(deckies: number): void {
    this.wanted = Math.max(1, Math.ceil(deckies / this.o.deckiesPerRunner));
  }

  launch(decky: string, argv: string[], logs: DeckyLogFiles, readyTimeoutMs: number): GroupMember {
    const open = [...this.groups].filter((g) => !g.closing);
    const i = pickGroup(open.map((g) => g.size), this.wanted, this.o.deckiesPerRunner);
    let group = i === undefined ? undefined : open[i];
    if (!group) {
      const g = new RunnerGroup(this.o);
      this.groups.add(g);
      void g.closed.then(() => this.groups.delete(g));
      group = g;
    }
    return group.add(decky, argv, logs, readyTimeoutMs);
  }

  /** Runner processes alive now (for reports and tests). */
  pids(): number[] {
    return [...this.groups].flatMap((g) => (g.pid === undefined ? [] : [g.pid]));
  }

  /** Retires every group and waits for their processes to end. */
  async close(): Promise<void> {
    const all = [...this.groups];
    for (const g of all) g.retire();
    await Promise.all(all.map((g) => g.closed));
  }
}
