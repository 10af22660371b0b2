// One clustering run: takes the lease (so several control-plane instances never cluster at once),
// reads which attackers changed (identity_dirty, marked by triggers in the ingest transaction and
// by analysts' decisions), recomputes only what they reach (incremental.ts) or everything (the
// first run, `full`, or when most attackers changed), and writes the differences, the key index
// and the consumed dirty marks in one transaction fenced on the lease.
import type { AppDeps } from '../../deps';
import { q, type RawSql } from '../../db/raw-sql';
import { clusterAttackers, COMMON_KEY_MIN_HOLDERS, type Override } from './cluster';
import { incrementalStep } from './incremental';
import { rebuildIndexStatements } from './key-index';
import { loadFeatures } from './load';
import { planWrites, storedStateQueries, toStoredState, type StoredState } from './plan';
import type { AttackerFeatures } from './features';
import type { ClusterResult } from './cluster';
import type { IdentityAggregate } from './campaigns';

export const IDENTITY_LEASE_MS = 120_000;
/** Past this share of changed attackers a full recompute is cheaper than following the changes. */
const FULL_WHEN_DIRTY_SHARE = 0.25;
const INSTANCE = `cp-${Math.random().toString(36).slice(2, 10)}`;

export interface RunOptions {
  /** Run even when nothing changed (analyst decisions, tests). */
  force?: boolean;
  /** Recompute every attacker instead of following the changes. */
  full?: boolean;
  actor?: string | null;
  reason?: 'merge' | 'unmerge' | null;
  /** Lease owner name; defaults to this process. */
  owner?: string;
  /** Holder count above which an evidence key is common (tests use a small one). */
  commonMin?: number;
}

export interface RunResult {
  ran: boolean;
  /** Another instance holds the lease. */
  busy: boolean;
  mode: 'full' | 'incremental' | null;
  /** Identities and campaigns after the run. */
  identities: number;
  campaigns: number;
  changes: number;
  /** Attackers loaded: all of them (full) or the recomputed region (incremental). */
  attackers: number;
  /** Attackers marked changed since the last run. */
  dirty: number;
  durationMs: number;
}

const idle = (busy: boolean): RunResult => ({ ran: false, busy, mode: null, identities: 0, campaigns: 0, changes: 0, attackers: 0, dirty: 0, durationMs: 0 });

interface Work {
  features: AttackerFeatures[];
  result: ClusterResult;
  prev: StoredState;
  outside?: IdentityAggregate[];
  reserved?: Set<string>;
  indexStatements: RawSql[];
}

async function fullWork(deps: AppDeps, overrides: Override[], commonMin: number): Promise<Work> {
  const [features, stored] = await Promise.all([loadFeatures(deps), deps.rawBatch(storedStateQueries())]);
  const result = await clusterAttackers(features, overrides, commonMin);
  const indexStatements = [...rebuildIndexStatements(features, result.holders, deps.sqlParamLimit), q`UPDATE identity_runs SET keys_ready = 1 WHERE id = 1`];
  return { features, result, prev: toStoredState(stored.map((s) => s.rows)), indexStatements };
}

export async function runIdentities(deps: AppDeps, opts: RunOptions = {}): Promise<RunResult> {
  const owner = opts.owner ?? INSTANCE;
  const commonMin = opts.commonMin ?? COMMON_KEY_MIN_HOLDERS;
  const started = deps.now();
  const t0 = performance.now();
  const [, lease, state] = await deps.rawBatch([
    q`INSERT INTO identity_runs (id) VALUES (1) ON CONFLICT(id) DO NOTHING`,
    q`UPDATE identity_runs SET lease_owner = ${owner}, lease_until_ms = ${started + IDENTITY_LEASE_MS} WHERE id = 1 AND (lease_until_ms < ${started} OR lease_owner = ${owner})`,
    q`SELECT keys_ready, overrides_seen, (SELECT count(*) + coalesce(sum(at_ms % 1000003), 0) FROM identity_overrides), (SELECT coalesce(max(seq), 0) FROM identity_dirty), (SELECT count(*) FROM identity_dirty), (SELECT count(*) FROM attackers) FROM identity_runs WHERE id = 1`,
  ]);
  if (!lease?.rowsAffected) return idle(true);
  try {
    const [keysReady, seen, signature, head, dirtyCount, attackers] = (state!.rows[0] ?? []).map(Number) as [number, number, number, number, number, number];
    if (!opts.force && keysReady && !dirtyCount && signature === seen) return idle(false);
    const [overrideRows, dirtyRows] = await deps.rawBatch([
      q`SELECT kind, attacker_id, other_attacker_id FROM identity_overrides ORDER BY at_ms, id`,
      q`SELECT attacker_id FROM identity_dirty WHERE seq <= ${head} ORDER BY attacker_id`,
    ]);
    const overrides: Override[] = overrideRows!.rows.map((r) => ({ kind: r[0] === 'merge' ? 'merge' : 'split', attackerId: String(r[1]), otherAttackerId: r[2] == null ? null : String(r[2]) }));
    const dirty = dirtyRows!.rows.map((r) => String(r[0]));
    const full = !!opts.full || !keysReady || dirty.length > FULL_WHEN_DIRTY_SHARE * attackers;
    const work: Work = full ? await fullWork(deps, overrides, commonMin) : await incrementalStep(deps, dirty, overrides, commonMin);
    const plan = planWrites(work.features, work.result, work.prev, {
      now: started,
      paramLimit: deps.sqlParamLimit,
      actor: opts.actor ?? null,
      reason: opts.reason ?? null,
      ...(work.outside ? { outside: work.outside } : {}),
      ...(work.reserved ? { reserved: work.reserved } : {}),
    });
    const durationMs = Math.round(performance.now() - t0);
    const written = await deps.rawBatch([
      // The fence: when another instance took the lease meanwhile (this run overran it), the NOT NULL
      // violation aborts the whole transaction, so two runs never interleave their writes.
      q`INSERT INTO identity_dirty (attacker_id) SELECT NULL WHERE NOT EXISTS (SELECT 1 FROM identity_runs WHERE id = 1 AND lease_owner = ${owner})`,
      ...plan.statements,
      ...work.indexStatements,
      q`DELETE FROM identity_dirty WHERE seq <= ${head}`,
      q`UPDATE identity_runs SET overrides_seen = ${signature}, last_run_ms = ${started}, last_duration_ms = ${durationMs} WHERE id = 1`,
      q`SELECT count(*) FROM identities`,
    ]);
    const identities = Number(written.at(-1)!.rows[0]![0]);
    // The returned duration includes the write; the stored one (written in the same batch) cannot.
    const totalMs = Math.round(performance.now() - t0);
    const mode = full ? 'full' : 'incremental';
    if (plan.changes) deps.logger.info('identities clustered', { mode, attackers: work.features.length, dirty: dirty.length, identities, campaigns: plan.campaigns, changes: plan.changes, durationMs: totalMs });
    return { ran: true, busy: false, mode, identities, campaigns: plan.campaigns, changes: plan.changes, attackers: work.features.length, dirty: dirty.length, durationMs: totalMs };
  } finally {
    await deps.rawBatch([q`UPDATE identity_runs SET lease_owner = NULL, lease_until_ms = 0 WHERE id = 1 AND lease_owner = ${owner}`]);
  }
}
