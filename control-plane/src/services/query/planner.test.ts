// The query planner on the exact SQL the events list issues: no filter (alone or combined, with a
// keyset cursor) may make SQLite scan the events table or sort the matching rows.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../deps';
import { events } from '../../db/schema';
import { memoryDeps } from '../../testing/memory-deps';
import type { EventFilter } from './event-filters';
import { eventListSql, eventsAfterSql, type ListCursor } from './event-list-sql';

let deps: AppDeps;

beforeAll(async () => {
  deps = await memoryDeps();
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const rows = Array.from({ length: 2000 }, (_, i) => ({
    id: `p-${i}`, tsMs: t0 + i * 1000, receivedAtMs: t0 + i * 1000, decky: `decky-${i % 7}`, service: i % 3 ? 'ssh' : 'http',
    eventType: ['connect', 'auth_attempt', 'command'][i % 3]!, srcIp: `10.0.${i % 50}.${i % 200}`, srcPort: 40000 + i, raw: `<134>1 - decky-${i % 7} ssh - connect [relay@55555 src_ip="10.0.${i % 50}.${i % 200}"] login root`,
  }));
  for (let i = 0; i < rows.length; i += 200) await deps.db.insert(events).values(rows.slice(i, i + 200));
});

async function plan(query: ReturnType<typeof sql>): Promise<string[]> {
  const rows = (await deps.db.all(sql`EXPLAIN QUERY PLAN ${query}`)) as { detail: string }[];
  return rows.map((r) => r.detail);
}
const fullScan = (lines: string[]) => lines.filter((l) => /\bSCAN events(\s|$)/.test(l) && !/USING (COVERING )?INDEX events_ts_idx$/.test(l));
const sorts = (lines: string[]) => lines.filter((l) => /TEMP B-TREE/.test(l));

const FILTERS: Record<string, EventFilter> = {
  from: { from: '2026-01-01T00:10:00Z' },
  to: { to: '2026-01-01T00:10:00Z' },
  'from+to': { from: '2026-01-01T00:05:00Z', to: '2026-01-01T00:10:00Z' },
  decky: { decky: 'decky-3' },
  service: { service: 'http' },
  eventType: { eventType: 'command' },
  srcIp: { srcIp: '10.0.7.7' },
  q: { q: 'login root' },
  'decky+service+eventType': { decky: 'decky-3', service: 'ssh', eventType: 'connect' },
  'srcIp+from': { srcIp: '10.0.7.7', from: '2026-01-01T00:10:00Z' },
  'q+decky': { q: '10.0.7.7', decky: 'decky-1' },
};
const CURSOR: ListCursor = { ts: Date.parse('2026-01-01T00:20:00Z'), seq: 1200 };

describe('events list query plans', () => {
  for (const [name, f] of Object.entries(FILTERS)) {
    for (const cursor of [undefined, CURSOR]) {
      it(`${name}${cursor ? ' + cursor' : ''}: searches an index, no scan of events, no sort`, async () => {
        const lines = await plan(eventListSql(f, 101, cursor));
        expect(fullScan(lines), lines.join('\n')).toEqual([]);
        expect(sorts(lines), lines.join('\n')).toEqual([]);
        expect(lines.some((l) => /^SEARCH events |VIRTUAL TABLE/.test(l)), lines.join('\n')).toBe(true);
      });
    }
  }

  it('cursor alone: a range search on the time index, no sort', async () => {
    const lines = await plan(eventListSql({}, 101, CURSOR));
    expect(lines.some((l) => /^SEARCH events USING INDEX events_ts_idx \(ts_ms<\?\)/.test(l)), lines.join('\n')).toBe(true);
    expect(sorts(lines)).toEqual([]);
  });

  it('no filter: walks the time index newest first and stops at the limit (no sort)', async () => {
    const lines = await plan(eventListSql({}, 101));
    expect(lines).toEqual(['SCAN events USING INDEX events_ts_idx']);
  });

  for (const f of [{}, { decky: 'decky-1', service: 'ssh', eventType: 'connect', srcIp: '10.0.1.1' }, { q: 'root' }]) {
    it(`the live stream reads after a rowid by primary key (${Object.keys(f).join(', ') || 'no filter'})`, async () => {
      const lines = await plan(eventsAfterSql(100, f, 200));
      expect(lines.some((l) => /^SEARCH events USING INTEGER PRIMARY KEY \(rowid[>=]\?\)/.test(l)), lines.join('\n')).toBe(true);
      expect(fullScan(lines), lines.join('\n')).toEqual([]);
      expect(sorts(lines), lines.join('\n')).toEqual([]);
    });
  }
});
