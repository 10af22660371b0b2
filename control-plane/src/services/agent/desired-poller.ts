// One poller per control-plane instance for the held desired-state long-polls (Node): each tick is
// one query by primary key, whatever the number of held polls or hosts. It reads the fleet-wide desired
// generation (hosts/desired-bump.ts: every desired-state write, by any instance on the same database,
// moves it) and the versions of hosts whose polls arrived since the last tick; only when the generation
// moved does it re-read the waiting hosts, and it wakes exactly the polls whose host changed.
import { sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import type { HostRow } from '../../db/schema';
import { DESIRED_GENERATION_KEY } from '../hosts/desired-bump';

export interface HostDesired {
  version: number;
  prober: boolean | null;
  status: HostRow['status'];
}

interface Waiter {
  known: number;
  done(h: HostDesired | undefined): void;
}

interface HostVersionRow {
  id: string;
  v: number;
  status: HostRow['status'];
  prober: number | null;
}

export class DesiredPoller {
  private readonly waiting = new Map<string, Set<Waiter>>();
  /** Hosts with a poll registered since the last tick: read on the next tick whatever the mark says. */
  private fresh = new Set<string>();
  private mark: string | undefined;
  private running = false;
  /** Ticks completed (the test counts statements per tick). */
  ticks = 0;

  constructor(
    private readonly deps: AppDeps,
    readonly pollMs = 500,
  ) {}

  /**
   * Resolves with the host's desired version, status and prober switch once its version differs
   * from `known` (or it is no longer active), or undefined after `timeoutMs` or on abort.
   */
  wait(hostId: string, known: number, timeoutMs: number, signal?: AbortSignal): Promise<HostDesired | undefined> {
    return new Promise((resolve) => {
      let set = this.waiting.get(hostId);
      if (!set) this.waiting.set(hostId, (set = new Set()));
      const finish = (h: HostDesired | undefined) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        set.delete(w);
        if (set.size === 0 && this.waiting.get(hostId) === set) this.waiting.delete(hostId);
        resolve(h);
      };
      const w: Waiter = { known, done: finish };
      const onAbort = () => finish(undefined);
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      set.add(w);
      this.fresh.add(hostId);
      if (!this.running) void this.loop();
    });
  }

  get heldPolls(): number {
    let n = 0;
    for (const s of this.waiting.values()) n += s.size;
    return n;
  }

  private async loop(): Promise<void> {
    this.running = true;
    while (this.waiting.size > 0) {
      await new Promise((ok) => setTimeout(ok, this.pollMs));
      try {
        await this.tick();
      } catch (e) {
        this.deps.logger.warn('desired-state poll failed', { error: String(e) });
      }
      this.ticks++;
    }
    this.running = false; // synchronous with the check above: a later wait() starts a new loop
  }

  private async tick(): Promise<void> {
    if (this.waiting.size === 0) return;
    const fresh = [...this.fresh].filter((id) => this.waiting.has(id));
    this.fresh = new Set();
    // One statement: the generation row, joined with the fresh hosts' rows (none: one row of NULLs).
    const rows = await this.deps.db.all<HostVersionRow & { mark: string | null }>(desiredTickSql(fresh));
    const mark = String(rows[0]?.mark ?? 0); // no row yet: nothing was ever bumped
    this.wake(rows.filter((r) => r.id != null));
    if (mark === this.mark) return;
    const seen = this.mark !== undefined;
    this.mark = mark;
    if (!seen) return; // first tick: every waiting host was fresh, read above
    // Some host's desired version moved: read the waiting hosts not read above (by primary key).
    const others = [...this.waiting.keys()].filter((id) => !fresh.includes(id));
    if (others.length === 0) return;
    this.wake(await this.deps.db.all<HostVersionRow>(hostsByIdSql(others)));
  }

  private wake(rows: readonly HostVersionRow[]): void {
    for (const r of rows) {
      const set = this.waiting.get(r.id);
      if (!set) continue;
      const h: HostDesired = { version: Number(r.v), status: r.status, prober: r.prober == null ? null : Boolean(r.prober) };
      for (const w of [...set]) if (h.version !== w.known || h.status !== 'active') w.done(h);
    }
  }
}

/** The tick's statement (exported for the query-plan test): two primary-key searches, no scan. */
export function desiredTickSql(freshHostIds: readonly string[]) {
  return sql`
      SELECT g.mark AS mark, h.id AS id, h.desired_version AS v, h.status AS status, h.prober_enabled AS prober
      FROM (SELECT (SELECT value FROM fleet_settings WHERE key = ${DESIRED_GENERATION_KEY}) AS mark) g
      LEFT JOIN hosts h ON h.id IN (SELECT value FROM json_each(${JSON.stringify(freshHostIds)}))`;
}

/** The waiting hosts' rows, read when the generation moved: one primary-key search each. */
export function hostsByIdSql(hostIds: readonly string[]) {
  return sql`
      SELECT id, desired_version AS v, status, prober_enabled AS prober FROM hosts
      WHERE id IN (SELECT value FROM json_each(${JSON.stringify(hostIds)}))`;
}

const pollers = new WeakMap<AppDeps['db'], DesiredPoller>();

/** The instance's poller for this database. */
export function desiredPollerFor(deps: AppDeps): DesiredPoller {
  let p = pollers.get(deps.db);
  if (!p) pollers.set(deps.db, (p = new DesiredPoller(deps)));
  return p;
}
