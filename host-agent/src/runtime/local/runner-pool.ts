// How local deckies are packed into runner processes: a decky joins the first open group with fewer
// than `deckiesPerRunner` deckies, else a new group is spawned. 1 = a process per decky (full
// isolation); more share one Node's baseline memory, and a crash takes the whole group down.
import type { GroupMember } from './group-member';
import type { DeckyLogFiles } from './log-writer';
import { RunnerGroup, type RunnerGroupOptions } from './runner-group';

/** The default of `local.deckiesPerRunner` (measured: `npm run bench -- --only=startup`). */
export const DEFAULT_DECKIES_PER_RUNNER = 8;
export const MAX_DECKIES_PER_RUNNER = 256;

export class RunnerPool {
  private readonly groups = new Set<RunnerGroup>();

  constructor(private readonly o: RunnerGroupOptions & { deckiesPerRunner: number }) {
    if (!Number.isInteger(o.deckiesPerRunner) || o.deckiesPerRunner < 1 || o.deckiesPerRunner > MAX_DECKIES_PER_RUNNER) {
      throw new Error(`deckiesPerRunner: want an integer from 1 to ${MAX_DECKIES_PER_RUNNER}, got ${o.deckiesPerRunner}`);
    }
  }

  launch(decky: string, argv: string[], logs: DeckyLogFiles, readyTimeoutMs: number): GroupMember {
    let group = [...this.groups].find((g) => !g.closing && g.size < this.o.deckiesPerRunner);
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
