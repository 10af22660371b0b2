// The fleet-wide desired generation: each desired-state write moves it after the hosts' versions, the
// poller's tick reads it and the fresh hosts by primary key (the query planner shows no scan of hosts,
// whatever their number), and no service bumps a desired version without it (a source check).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { fleetSettings, hosts } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { memoryDeps } from '../../testing/memory-deps';
import { desiredTickSql, hostsByIdSql } from '../agent/desired-poller';
import { setFleetSettings } from '../fleet/settings';
import { bumpDesired, DESIRED_GENERATION_KEY } from './desired-bump';
import { decommissionHost, setHostProber } from './manage';

/** A drizzle increment, an increment of a read row's version, or raw SQL assigning the column. */
const WRITES_DESIRED_VERSION = /\$\{hosts\.desiredVersion\}|desiredVersion:\s*(sql\b|host\.desiredVersion\s*\+)|SET\b[^;]*\bdesired_version\s*=/i;

let deps: AppDeps;
const generation = async () => (await deps.db.select().from(fleetSettings).where(eq(fleetSettings.key, DESIRED_GENERATION_KEY)).get())?.value;
const versionOf = async (id: string) => (await deps.db.select({ v: hosts.desiredVersion }).from(hosts).where(eq(hosts.id, id)).get())?.v;

beforeAll(async () => {
  deps = await memoryDeps();
  for (let i = 0; i < 2000; i += 500) {
    await deps.db.insert(hosts).values(Array.from({ length: 500 }, (_, k) => ({ id: `h${i + k}`, name: `sensor-${i + k}`, status: 'active' as const, createdAtMs: 0 })));
  }
  await deps.db.run(sql`ANALYZE`);
});

describe('desired generation', () => {
  it('starts absent, is created at 1 and moves by one per write, with the hosts it names', async () => {
    expect(await generation()).toBeUndefined();
    await deps.db.batch(bumpDesired(deps, eq(hosts.id, 'h1')));
    expect([await generation(), await versionOf('h1'), await versionOf('h2')]).toEqual(['1', 1, 0]);
    await setHostProber(deps, 'h2', false);
    expect([await generation(), await versionOf('h2')]).toEqual(['2', 1]);
    await decommissionHost(deps, 'h3');
    expect([await generation(), await versionOf('h3')]).toEqual(['3', 1]);
    await decommissionHost(deps, 'h3'); // already decommissioned: nothing changes
    expect([await generation(), await versionOf('h3')]).toEqual(['3', 1]);
    await setFleetSettings(deps, { defaultRotationIntervalMin: 30 }); // every active host without its own interval
    expect([await generation(), await versionOf('h4'), await versionOf('h3')]).toEqual(['4', 1, 1]);
  });

  it("the poller's statements search by primary key: no scan of hosts at 2,000 hosts", async () => {
    const plan = async (q: ReturnType<typeof sql>) => ((await deps.db.all(sql`EXPLAIN QUERY PLAN ${q}`)) as { detail: string }[]).map((r) => r.detail);
    for (const lines of [await plan(desiredTickSql([])), await plan(desiredTickSql(['h1', 'h7'])), await plan(hostsByIdSql(['h1', 'h7', 'h9']))]) {
      const text = lines.join('\n');
      expect(lines.filter((l) => /\bSCAN (hosts|h|fleet_settings)\b/.test(l)), text).toEqual([]);
      expect(lines.some((l) => /^SEARCH (hosts|h) USING INDEX sqlite_autoindex_hosts_\d \(id=\?\)/.test(l)), text).toBe(true);
    }
    expect((await plan(desiredTickSql([]))).some((l) => /^SEARCH fleet_settings USING INDEX sqlite_autoindex_fleet_settings_\d \(key=\?\)/.test(l))).toBe(true);
  });

  it('no service writes a desired version except through bumpDesired', () => {
    // The shapes the writes had before the generation existed are caught; a read is not.
    for (const old of ['.set({ desiredVersion: sql`${hosts.desiredVersion} + 1` })', 'desiredVersion: host.desiredVersion + 1,', 'UPDATE hosts SET desired_version = desired_version + 1']) expect(WRITES_DESIRED_VERSION.test(old), old).toBe(true);
    expect(WRITES_DESIRED_VERSION.test('return { ok: true, desiredVersion: host.desiredVersion };')).toBe(false);
    const root = join(import.meta.dirname, '..', '..');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) && !p.endsWith(join('hosts', 'desired-bump.ts'))) {
          const src = readFileSync(p, 'utf8');
          if (WRITES_DESIRED_VERSION.test(src)) offenders.push(p.slice(root.length + 1));
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
