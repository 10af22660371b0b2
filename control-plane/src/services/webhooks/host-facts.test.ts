// Heartbeat facts through the real heartbeat service on a migrated libSQL database: host online,
// worker degraded and decky state changes once each (a repeated heartbeat adds nothing), and
// host offline found by the tick's scan once heartbeats stop.
import type { Heartbeat } from '@decnet/protocol';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deckies, hosts } from '../../db/schema';
import { memoryDeps } from '../../testing/memory-deps';
import { recordHeartbeat } from '../agent/heartbeat';
import { hostOfflineStatement } from './host-facts';

const hb = (deckyState: 'running' | 'failed', worker: 'ok' | 'degraded'): Heartbeat => ({
  agentVersion: '0.1.0',
  uptimeS: 10,
  workers: [{ name: 'sniffer', status: worker, lastSeenTs: new Date().toISOString() }],
  deckies: [{ name: 'web-01', state: deckyState, services: ['ssh'], runtime: 'local' }],
  spool: { pending: 0, dropped: 0 },
});

describe('heartbeat facts', () => {
  it('publishes host online, worker degraded, decky state changes and host offline once each', async () => {
    const deps = await memoryDeps({}, { now: 1_700_000_000_000 });
    await deps.db.insert(hosts).values({ id: 'h1', name: 'sensor-1', status: 'active', createdAtMs: 0 });
    await deps.db.insert(deckies).values({ id: 'd1', name: 'web-01', hostId: 'h1', servicesJson: '["ssh"]', createdAtMs: 0, updatedAtMs: 0 });
    const beat = async (b: Heartbeat) => {
      const host = (await deps.db.select().from(hosts).where(eq(hosts.id, 'h1')).get())!;
      await recordHeartbeat(deps, host, b);
      deps.clock.now += 30_000;
    };
    const types = async () => (await deps.db.all<{ type: string; payload_json: string }>(sql`SELECT type, payload_json FROM webhook_outbox ORDER BY seq`)).map((r) => `${r.type} ${JSON.stringify(JSON.parse(r.payload_json).to ?? JSON.parse(r.payload_json).status ?? '')}`);

    await beat(hb('running', 'ok'));
    await beat(hb('running', 'ok'));
    expect(await types()).toEqual(['host.online ""', 'decky.state_changed "running"']);
    await beat(hb('failed', 'degraded'));
    await beat(hb('failed', 'degraded'));
    expect((await types()).slice(2)).toEqual(['worker.degraded "degraded"', 'decky.state_changed "failed"']);

    deps.clock.now += 120_000; // silence
    await deps.rawBatch([hostOfflineStatement(deps.clock.now)]);
    await deps.rawBatch([hostOfflineStatement(deps.clock.now + 10_000)]);
    expect((await types()).slice(4)).toEqual(['host.offline ""']);
    await beat(hb('failed', 'ok'));
    expect((await types()).slice(5)).toEqual(['host.online ""']);
    const topics = await deps.db.all<{ topic: string }>(sql`SELECT DISTINCT topic FROM webhook_outbox ORDER BY topic`);
    expect(topics.map((t) => t.topic)).toEqual(['decnet/decky/d1/state', 'decnet/system/host/h1/status', 'decnet/system/host/h1/worker/sniffer/health']);
  });
});
