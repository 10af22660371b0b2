// Every write that changes hosts' desired state bumps their desired versions through here, with the
// fleet-wide desired generation (one fleet_settings row) right after it in the same batch: the shared
// desired-state poller (agent/desired-poller.ts) watches that one row instead of every host's version.
import { sql, type SQL } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { fleetSettings, hosts } from '../../db/schema';

/** The fleet_settings key of the generation (an integer stored as text, absent until the first bump). */
export const DESIRED_GENERATION_KEY = 'desired_generation';

/** Increments the fleet-wide desired generation (creates it at 1). */
export function desiredGenerationStatement(deps: AppDeps) {
  const now = deps.now();
  return deps.db
    .insert(fleetSettings)
    .values({ key: DESIRED_GENERATION_KEY, value: '1', updatedAtMs: now })
    .onConflictDoUpdate({ target: fleetSettings.key, set: { value: sql`CAST(${fleetSettings.value} AS INTEGER) + 1`, updatedAtMs: now } });
}

/**
 * The hosts matched by `where` get desired version + 1 (and `extra` columns); then the generation
 * moves. Run both in one batch, in this order: a poller that sees the new generation must also see
 * the new versions. `.returning()` may be chained on the first statement.
 */
export function bumpDesired(deps: AppDeps, where: SQL | undefined, extra: Partial<typeof hosts.$inferInsert> = {}) {
  return [deps.db.update(hosts).set({ ...extra, desiredVersion: sql`${hosts.desiredVersion} + 1` }).where(where), desiredGenerationStatement(deps)] as const;
}
