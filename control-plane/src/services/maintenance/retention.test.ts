// Retention deletes raw events by age and by row count, in chunks, and leaves aggregates alone.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { attackers, events } from '../../db/schema';
import { ingestEvents } from '../agent/ingest-events';
import { memoryDeps } from '../../testing/memory-deps';
import { runMaintenance } from './retention';

const DAY = 86_400_000;
const host = { id: 'h1' } as never;
const ev = (i: number, tsMs: number) => ({ id: `r-${i}`, ts: new Date(tsMs).toISOString(), decky: 'd1', service: 'ssh', eventType: 'connect', srcIp: '192.0.2.1', fields: {}, raw: 'x' });
const count = async (deps: Awaited<ReturnType<typeof memoryDeps>>) => Number((await deps.db.select({ n: sql<number>`count(*)` }).from(events).get())?.n);

describe('retention', () => {
  it('deletes events older than the retention age but keeps the attacker aggregate', async () => {
    const deps = await memoryDeps({ DECNET_EVENTS_RETENTION_DAYS: '7', DECNET_EVENTS_MAX_ROWS: '0' });
    const now = deps.clock.now;
    await ingestEvents(deps, host, [ev(1, now - 10 * DAY), ev(2, now - 8 * DAY), ev(3, now - 1 * DAY), ev(4, now)]);
    const res = await runMaintenance(deps);
    expect(res).toEqual({ eventsDeletedByAge: 2, eventsDeletedByCount: 0 });
    expect(await count(deps)).toBe(2);
    expect((await deps.db.select().from(attackers).get())?.eventCount).toBe(4);
    expect(await runMaintenance(deps)).toEqual({ eventsDeletedByAge: 0, eventsDeletedByCount: 0 }); // idempotent
  });

  it('keeps at most the configured number of rows, oldest stored first out', async () => {
    const deps = await memoryDeps({ DECNET_EVENTS_RETENTION_DAYS: '0', DECNET_EVENTS_MAX_ROWS: '1000' });
    const batch = Array.from({ length: 2500 }, (_, i) => ev(i, deps.clock.now - 1000 + i));
    await ingestEvents(deps, host, batch.slice(0, 1500));
    await ingestEvents(deps, host, batch.slice(1500));
    expect((await runMaintenance(deps)).eventsDeletedByCount).toBe(1500);
    expect(await count(deps)).toBe(1000);
    const oldest = await deps.db.select({ id: events.id }).from(events).orderBy(sql`rowid`).limit(1).get();
    expect(oldest?.id).toBe('r-1500');
  });
});
