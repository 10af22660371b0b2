// Analysts' decisions: merge two identities (or add an address to one), split an address out. Each
// is kept as an override that every later re-clustering applies, marks the addresses it names as
// changed, and is followed at once by an (incremental) run
// whose log entries (identity.merged / identity.unmerged) name who did it.
import type { AppDeps } from '../../deps';
import { q } from '../../db/raw-sql';
import { AppError } from '../../errors';
import { shortHash } from '../intel/aggregate';
import { runIdentities, type RunOptions, type RunResult } from './run';

const BUSY_RETRIES = 20;

/** A decision changes these addresses' edges: the next (incremental) run re-scores them. */
const markDirty = (ids: string[]) => ids.map((id) => q`INSERT OR REPLACE INTO identity_dirty (attacker_id) VALUES (${id})`);

async function earliestMember(deps: AppDeps, identityId: string): Promise<string> {
  const [r] = await deps.rawBatch([q`SELECT m.attacker_id FROM identity_members m JOIN attackers a ON a.id = m.attacker_id WHERE m.identity_id = ${identityId} ORDER BY a.first_seen_ms, a.id LIMIT 1`]);
  const id = r?.rows[0]?.[0];
  if (typeof id !== 'string') throw new AppError('not_found', 'No such identity');
  return id;
}

async function rerun(deps: AppDeps, actor: string, reason: 'merge' | 'unmerge', tuning: Pick<RunOptions, 'commonMin'>): Promise<RunResult> {
  for (let i = 0; i < BUSY_RETRIES; i++) {
    const r = await runIdentities(deps, { ...tuning, force: true, actor, reason });
    if (!r.busy) return r;
    await new Promise((ok) => setTimeout(ok, 250));
  }
  // The decision is stored; the next scheduled run applies it.
  return { ran: false, busy: true, mode: null, identities: 0, campaigns: 0, changes: 0, attackers: 0, dirty: 0, durationMs: 0 };
}

/** Merges `from` (an identity, or a single attacker address) into identity `into`. */
export async function mergeIdentities(deps: AppDeps, input: { into: string; from?: string; attackerId?: string }, actor: string, tuning: Pick<RunOptions, 'commonMin'> = {}): Promise<{ identityId: string | null; run: RunResult }> {
  const a = await earliestMember(deps, input.into);
  let b: string;
  if (input.from) {
    if (input.from === input.into) throw new AppError('validation_failed', 'An identity cannot be merged into itself');
    b = await earliestMember(deps, input.from);
  } else if (input.attackerId) {
    const [r] = await deps.rawBatch([q`SELECT id FROM attackers WHERE id = ${input.attackerId}`]);
    if (!r?.rows.length) throw new AppError('not_found', 'No such attacker');
    b = input.attackerId;
  } else throw new AppError('validation_failed', 'Give `from` (an identity) or `attackerId`');
  const now = deps.now();
  await deps.rawBatch([
    ...markDirty([a, b]),
    q`DELETE FROM identity_overrides WHERE kind = 'split' AND attacker_id IN (${a}, ${b})`,
    q`INSERT INTO identity_overrides (id, kind, attacker_id, other_attacker_id, actor, at_ms) VALUES (${shortHash(`merge:${a}:${b}:${now}`)}, 'merge', ${a}, ${b}, ${actor}, ${now}) ON CONFLICT(id) DO NOTHING`,
  ]);
  const run = await rerun(deps, actor, 'merge', tuning);
  const [m] = await deps.rawBatch([q`SELECT identity_id FROM identity_members WHERE attacker_id = ${a}`]);
  return { identityId: (m?.rows[0]?.[0] as string | undefined) ?? null, run };
}

/** Splits one address out of its identity; it stays out until an analyst merges it back. */
export async function unmergeAttacker(deps: AppDeps, identityId: string, attackerId: string, actor: string, tuning: Pick<RunOptions, 'commonMin'> = {}): Promise<{ run: RunResult }> {
  const [m] = await deps.rawBatch([q`SELECT 1 FROM identity_members WHERE attacker_id = ${attackerId} AND identity_id = ${identityId}`]);
  if (!m?.rows.length) throw new AppError('not_found', 'That address is not a member of this identity');
  const now = deps.now();
  await deps.rawBatch([
    ...markDirty([attackerId]),
    q`INSERT OR REPLACE INTO identity_dirty (attacker_id) SELECT other_attacker_id FROM identity_overrides WHERE kind = 'merge' AND attacker_id = ${attackerId} AND other_attacker_id IS NOT NULL`,
    q`INSERT OR REPLACE INTO identity_dirty (attacker_id) SELECT attacker_id FROM identity_overrides WHERE kind = 'merge' AND other_attacker_id = ${attackerId}`,
    q`DELETE FROM identity_overrides WHERE kind = 'merge' AND (attacker_id = ${attackerId} OR other_attacker_id = ${attackerId})`,
    q`INSERT INTO identity_overrides (id, kind, attacker_id, other_attacker_id, actor, at_ms) VALUES (${shortHash(`split:${attackerId}:${now}`)}, 'split', ${attackerId}, NULL, ${actor}, ${now}) ON CONFLICT(id) DO NOTHING`,
  ]);
  return { run: await rerun(deps, actor, 'unmerge', tuning) };
}
