import { ServiceEventSchema, type ServiceEvent } from '@decnet/protocol';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventSpool, InvalidEventError } from './event-spool';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const event = (n: number): ServiceEvent => ({
  id: `ev-${n}`, ts: '2026-06-20T04:41:07.123Z', decky: 'web-01', service: 'ssh', eventType: 'connect', fields: { n: String(n) }, raw: `<134>1 line ${n}`,
});

async function open(maxBytes = 1 << 26) {
  const dir = mkdtempSync(join(tmpdir(), 'evspool-'));
  dirs.push(dir);
  return EventSpool.open({ dir, maxBytes, segmentBytes: 8 * 1024, fsync: 'group', host: 'sensor-01' });
}

async function readAll(s: EventSpool): Promise<ServiceEvent[]> {
  const out: ServiceEvent[] = [];
  for (let b = await s.spool.read(1000, 1 << 20); b; b = await s.spool.read(1000, 1 << 20)) out.push(...b.records.map((r) => JSON.parse(r.toString()) as ServiceEvent));
  return out;
}

describe('EventSpool', () => {
  it('validates what it is given: a bad event is refused whole, nothing of its batch is spooled', async () => {
    const s = await open();
    await expect(s.enqueue([event(1), { ...event(2), ts: 'yesterday' }])).rejects.toBeInstanceOf(InvalidEventError);
    expect(s.spool.stats().pendingRecords).toBe(0);
    await s.enqueue([event(3)]);
    expect((await readAll(s)).map((e) => e.id)).toEqual(['ev-3']);
    await s.spool.close();
  });

  it('reports a drop as a spool_dropped event in the stream, with the running total', async () => {
    const s = await open(64 * 1024);
    for (let i = 0; i < 2000; i += 100) await s.enqueue(Array.from({ length: 100 }, (_, k) => event(i + k)));
    await new Promise((r) => setTimeout(r, 50)); // the drop report is appended right behind the drop
    const all = await readAll(s);
    const drops = all.filter((e) => e.eventType === 'spool_dropped');
    expect(drops.length).toBeGreaterThan(0);
    for (const d of drops) expect(ServiceEventSchema.safeParse(d).success).toBe(true);
    expect(drops.at(-1)).toMatchObject({ service: 'decnet-agent', decky: 'sensor-01', fields: { reason: 'full' } });
    expect(Number(drops.at(-1)!.fields.dropped_total)).toBeLessThanOrEqual(s.spool.stats().droppedRecords);
    expect(drops.at(-1)!.raw).toMatch(/^<132>1 \S+ sensor-01 decnet-agent - spool_dropped \[relay@55555 reason="full"/);
    await s.spool.close();
  });
});
