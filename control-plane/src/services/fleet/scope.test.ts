// site= / host= filters by where the data was recorded, on a real libSQL file through real ingest:
// a decky moved to a host at another site keeps its attackers, credentials and event counts at the
// site that recorded them, and what it records after the move counts at its new site. The planner
// searches events on an index for every scoped query (no scan of events).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialFields, type ServiceEvent } from '@decnet/protocol';
import { and, gte, sql, type SQLWrapper } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attackers, credentials, eventRollups, hosts, type HostRow } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { memoryDeps } from '../../testing/memory-deps';
import { ingestEvents } from '../agent/ingest-events';
import { upsertDeckies } from '../deckies/write';
import { listAttackers } from '../query/attackers';
import { listCredentials } from '../query/credentials';
import { stats } from '../query/stats';
import { credentialSeenIn, rollupSeenIn, srcIpSeenIn } from './scope';

const dir = mkdtempSync(join(tmpdir(), 'decnet-scope-'));
let deps: AppDeps;
let north: HostRow;
let south: HostRow;
let n = 0;
const now = Date.now();

const ev = (ip: string, user: string, atMs: number): ServiceEvent => ({
  id: `sc-${++n}`, ts: new Date(atMs).toISOString(), decky: 'mover', service: 'ssh', eventType: 'auth_attempt', srcIp: ip, srcPort: 40000 + n,
  fields: credentialFields(user, `pw-${user}`, 'plaintext', 'failure') as unknown as Record<string, string>, raw: '<134>1 - mover ssh - auth_attempt -',
});

beforeAll(async () => {
  deps = await memoryDeps({}, { now }, `file:${join(dir, 'cp.db')}`);
  await deps.db.insert(hosts).values([
    { id: 'h-north', name: 'north-1', status: 'active', createdAtMs: 0, site: 'north' },
    { id: 'h-south', name: 'south-1', status: 'active', createdAtMs: 0, site: 'south' },
  ]);
  [north, south] = ['h-north', 'h-south'].map((id) => ({ id }) as HostRow) as [HostRow, HostRow];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('site and host filters follow the recording host', () => {
  it('keeps a moved decky’s history at the site that recorded it', async () => {
    await upsertDeckies(deps, 'h-north', [{ name: 'mover', services: ['ssh'], serviceConfig: {} }]);
    // Two hours ago at the north site (an hour of its own in the rollups).
    await ingestEvents(deps, north, [ev('198.51.100.1', 'alice', now - 2 * 3_600_000), ev('198.51.100.1', 'alice', now - 2 * 3_600_000 + 1000)]);
    // Moved to the south site; its next attacker is recorded there.
    await upsertDeckies(deps, 'h-south', [{ name: 'mover', services: ['ssh'], serviceConfig: {} }]);
    await ingestEvents(deps, south, [ev('198.51.100.2', 'bob', now - 60_000)]);

    const ips = async (site: string) => (await listAttackers(deps, { sort: 'ip', order: 'asc', limit: 50, offset: 0, site })).items.map((a) => a.ip);
    expect(await ips('north')).toEqual(['198.51.100.1']);
    expect(await ips('south')).toEqual(['198.51.100.2']);
    const users = async (s: { site?: string; host?: string }) => (await listCredentials(deps, { limit: 50, offset: 0, ...s })).items.map((c) => c.principal);
    expect(await users({ site: 'north' })).toEqual(['alice']);
    expect(await users({ host: 'h-south' })).toEqual(['bob']);
    const from = new Date(now - 3 * 3_600_000).toISOString();
    expect(await stats(deps, from, undefined, { site: 'north' })).toMatchObject({ events: 2, attackers: 1, credentials: 1, activeDeckies: 0, topServices: [{ service: 'ssh', count: 2 }] });
    expect(await stats(deps, from, undefined, { site: 'south' })).toMatchObject({ events: 1, attackers: 1, credentials: 1, topAttackers: [{ ip: '198.51.100.2' }] });
    expect(await stats(deps, from, undefined, {})).toMatchObject({ events: 3, attackers: 2, credentials: 2 });
    // The time range applies to where it was recorded: nothing at the north site in the last hour.
    expect(await stats(deps, new Date(now - 3_600_000).toISOString(), undefined, { site: 'north' })).toMatchObject({ events: 0, attackers: 0, credentials: 0 });
  });

  it('searches events on an index for every scoped query (no scan of events)', async () => {
    const plan = async (q: SQLWrapper) => ((await deps.db.all(sql`EXPLAIN QUERY PLAN `.append(q.getSQL()))) as { detail: string }[]).map((r) => r.detail);
    const scope = { site: 'north' };
    const queries: Record<string, SQLWrapper> = {
      attackers: deps.db.select({ ip: attackers.ip }).from(attackers).where(srcIpSeenIn(attackers.ip, scope)).orderBy(attackers.lastSeenMs).limit(50),
      'attackers in range': deps.db.select({ n: sql`count(*)` }).from(attackers).where(and(gte(attackers.lastSeenMs, now), srcIpSeenIn(attackers.ip, scope, { fromMs: now }))),
      credentials: deps.db.select({ n: sql`count(*)` }).from(credentials).where(credentialSeenIn(scope, { fromMs: now })),
      rollups: deps.db.select({ n: sql`sum(${eventRollups.count})` }).from(eventRollups).where(and(gte(eventRollups.hourMs, now), rollupSeenIn(scope))),
    };
    for (const [name, q] of Object.entries(queries)) {
      const lines = await plan(q);
      const detail = `${name}:\n${lines.join('\n')}`;
      expect(lines.filter((l) => /\bSCAN (events|e)\b/.test(l)), detail).toEqual([]);
      expect(lines.some((l) => /^SEARCH (events|e) USING (COVERING )?INDEX events_(host|decky)_ts_idx/.test(l)), detail).toBe(true);
    }
  });
});
