// One clustering run: takes the lease (so several control-plane instances never cluster at once),
// skips when no attacker changed since the last run (a checksum over the
// attackers' last-seen times and event counts) and no analyst decision was added, otherwise
// loads features, clusters, and writes the differences in one transaction with the cursor.
import type { AppDeps } from '../../deps';
import { q } from '../../db/raw-sql';
import { clusterAttackers, type Override } from './cluster';
import { loadFeatures } from './load';
import { planWrites, storedStateQueries, toStoredState } from './plan';

export const IDENTITY_LEASE_MS = 120_000;
const INSTANCE = `cp-${Math.random().toString(36).slice(2, 10)}`;

export interface RunOptions {
  /** Run even when nothing changed (analyst decisions, tests). */
  force?: boolean;
  actor?: string | null;
  reason?: 'merge' | 'unmerge' | null;
  /** Lease owner name; defaults to this process. */
  owner?: string;
}

export interface RunResult {
  ran: boolean;
  /** Another instance holds the lease. */
  busy: boolean;
  identities: number;
  campaigns: number;
  changes: number;
  attackers: number;
  durationMs: number;
}

const idle = (busy: boolean): RunResult => ({ ran: false, busy, identities: 0, campaigns: 0, changes: 0, attackers: 0, durationMs: 0 });

export async function runIdentities(deps: AppDeps, opts: RunOptions = {}): Promise<RunResult> {
  const owner = opts.owner ?? INSTANCE;
  const started = deps.now();
  const t0 = performance.now();
  const [, lease, state] = await deps.rawBatch([
    q`INSERT INTO identity_runs (id) VALUES (1) ON CONFLICT(id) DO NOTHING`,
    q`UPDATE identity_runs SET lease_owner = ${owner}, lease_until_ms = ${started + IDENTITY_LEASE_MS} WHERE id = 1 AND (lease_until_ms < ${started} OR lease_owner = ${owner})`,
    q`SELECT cursor_ms, overrides_seen, (SELECT count(*) + coalesce(sum(last_seen_ms % 1000000007 + event_count), 0) FROM attackers), (SELECT count(*) + coalesce(sum(at_ms % 1000003), 0) FROM identity_overrides) FROM identity_runs WHERE id = 1`,
  ]);
  if (!lease?.rowsAffected) return idle(true);
  try {
    const [cursor, seen, head, signature] = (state!.rows[0] ?? []).map(Number) as [number, number, number, number];
    if (!opts.force && head <= cursor && signature === seen) return idle(false);
    const [features, overrideRows, stored] = await Promise.all([
      loadFeatures(deps),
      deps.rawBatch([q`SELECT kind, attacker_id, other_attacker_id FROM identity_overrides ORDER BY at_ms, id`]),
      deps.rawBatch(storedStateQueries()),
    ]);
    const overrides: Override[] = overrideRows[0]!.rows.map((r) => ({ kind: r[0] === 'merge' ? 'merge' : 'split', attackerId: String(r[1]), otherAttackerId: r[2] == null ? null : String(r[2]) }));
    const result = await clusterAttackers(features, overrides);
    const plan = planWrites(features, result, toStoredState(stored.map((s) => s.rows)), { now: started, paramLimit: deps.sqlParamLimit, actor: opts.actor ?? null, reason: opts.reason ?? null });
    const durationMs = Math.round(performance.now() - t0);
    await deps.rawBatch([
      ...plan.statements,
      q`UPDATE identity_runs SET cursor_ms = ${head}, overrides_seen = ${signature}, last_run_ms = ${started}, last_duration_ms = ${durationMs} WHERE id = 1`,
    ]);
    // The returned duration includes the write; the stored one (written in the same batch) cannot.
    const totalMs = Math.round(performance.now() - t0);
    if (plan.changes) deps.logger.info('identities clustered', { attackers: features.length, identities: plan.identities, campaigns: plan.campaigns, changes: plan.changes, durationMs: totalMs });
    return { ran: true, busy: false, identities: plan.identities, campaigns: plan.campaigns, changes: plan.changes, attackers: features.length, durationMs: totalMs };
  } finally {
    await deps.rawBatch([q`UPDATE identity_runs SET lease_owner = NULL, lease_until_ms = 0 WHERE id = 1 AND lease_owner = ${owner}`]);
  }
}
