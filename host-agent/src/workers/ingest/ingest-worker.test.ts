import { Topics, type ServiceEvent } from '@decnet/protocol';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../bus/broker';
import { BusClient } from '../../bus/bus-client';
import { EventSpool } from '../../spool/event-spool';
import { IngestWorker } from './ingest-worker';

let dir: string;
let broker: RunningBroker;
let spool: EventSpool;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ingest-'));
  broker = await startBroker({ socketPath: join(dir, 'bus.sock'), tcpHost: '127.0.0.1', tcpPort: 0, maxClients: 16, publishRatePerClient: 0, concurrency: 100 });
  spool = await EventSpool.open({ dir: join(dir, 'spool'), maxBytes: 1 << 26, segmentBytes: 1 << 20, fsync: 'group', host: 'sensor-01' });
});
afterAll(async () => {
  await spool.spool.close();
  await broker.close();
  rmSync(dir, { recursive: true, force: true });
});

const event = (n: number): ServiceEvent => ({
  id: `ev-${n}`, ts: '2026-06-20T04:41:07.123Z', decky: 'web-01', service: 'ssh', eventType: 'connect', fields: {}, raw: `<134>1 line ${n}`,
});

describe('IngestWorker', () => {
  it('spools single events and batches from the bus, drops invalid envelopes', async () => {
    const w = new IngestWorker({ name: 'ingest', fail: () => {}, log: () => {}, address: { socketPath: broker.socketPath }, spool });
    await w.start();
    const pub = new BusClient({ address: { socketPath: broker.socketPath }, clientId: 'collector' });
    await pub.ready();
    pub.publish(Topics.eventsIngest, 'service.event', event(0));
    pub.publish(Topics.eventsIngest, 'service.events', { events: [event(1), event(2)] });
    pub.publish(Topics.eventsIngest, 'service.event', { ...event(3), srcIp: 'not-an-ip' });
    await expect.poll(() => w.health().counters).toMatchObject({ spooled: 3, invalid: 1 });
    const batch = await spool.spool.read(10, 1 << 20);
    expect(batch!.records.map((r) => (JSON.parse(r.toString()) as ServiceEvent).id)).toEqual(['ev-0', 'ev-1', 'ev-2']);
    await pub.close();
    await w.stop();
  });
});
