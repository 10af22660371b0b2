import { HealthPayloadSchema, Patterns, systemHealth, Topics } from '@decnet/protocol';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { startBroker, type BrokerOptions } from './broker';
import { BrokerThread } from './broker-thread-host';
import { BusClient } from './bus-client';

const dir = mkdtempSync(join(tmpdir(), 'bus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const options = (o: Partial<BrokerOptions> = {}): BrokerOptions => ({
  socketPath: join(dir, `b${n++}.sock`),
  tcpHost: '127.0.0.1',
  tcpPort: 0,
  maxClients: 64,
  publishRatePerClient: 0,
  concurrency: 100,
  ...o,
});
const health = { worker: 'uplink', status: 'ok' as const, uptimeS: 1 };

describe('broker', () => {
  it('listens on a 0660 UNIX socket and loopback TCP; clients exchange validated envelopes', async () => {
    const b = await startBroker(options());
    expect(statSync(b.socketPath).mode & 0o777).toBe(0o660);
    const sub = new BusClient({ address: { socketPath: b.socketPath }, clientId: 'sub' });
    const pub = new BusClient({ address: { host: '127.0.0.1', port: b.tcpPort }, clientId: 'pub' });
    await Promise.all([sub.ready(), pub.ready()]);
    const got: unknown[] = [];
    await sub.subscribe(Patterns.allWorkerHealth, HealthPayloadSchema, (e) => void got.push(e.payload));
    pub.publish(systemHealth('uplink'), 'worker.health', health);
    pub.publish(systemHealth('uplink'), 'worker.health', { worker: 'BAD NAME', status: 'ok', uptimeS: 1 });
    pub.publishRaw(systemHealth('uplink'), '{not json');
    await expect.poll(() => sub.stats.invalid).toBe(2);
    expect(got).toEqual([health]);
    await Promise.all([sub.close(), pub.close()]);
    await b.close();
  });

  it('refuses topics outside decnet/ and clients beyond maxClients', async () => {
    const b = await startBroker(options({ maxClients: 1 }));
    const one = new BusClient({ address: { socketPath: b.socketPath }, clientId: 'one' });
    await one.ready();
    const two = mqtt.connect({ protocol: 'mqtt', unixSocket: true, path: b.socketPath, reconnectPeriod: 0 } as mqtt.IClientOptions);
    await new Promise<void>((ok) => two.once('error', () => ok()).once('close', () => ok()));
    expect(two.connected).toBe(false);
    one.publishRaw('$SYS/evil', 'x');
    await expect.poll(() => one.connected).toBe(false); // disconnected for the bad topic
    expect(b.stats().refused).toBe(1);
    await Promise.all([one.close(), two.endAsync(true)]);
    await b.close();
  });

  it('holds a client over its publish budget instead of dropping its messages', async () => {
    // A budget far below what any machine publishes (1,500 messages leave in a few ms), so the
    // broker must hold the client whatever the machine's speed.
    const b = await startBroker(options({ publishRatePerClient: 500 }));
    const sub = new BusClient({ address: { socketPath: b.socketPath }, clientId: 's' });
    const pub = new BusClient({ address: { socketPath: b.socketPath }, clientId: 'p' });
    await Promise.all([sub.ready(), pub.ready()]);
    let got = 0;
    await sub.subscribe(Topics.systemLog, HealthPayloadSchema, () => void got++);
    const t0 = Date.now();
    for (let i = 0; i < 1500; i++) pub.publish(Topics.systemLog, 'log', health);
    await expect.poll(() => got, { timeout: 10_000 }).toBe(1500);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000); // 500 burst + 1000 at 500/s: at least 2 s
    expect(b.stats().throttled).toBeGreaterThan(0);
    await Promise.all([sub.close(), pub.close()]);
    await b.close();
  });

  it('survives a 10 s flood from several publishers, in the pattern that crashes stock aedes', async () => {
    const b = await startBroker(options({ concurrency: 100 }));
    const crashes: unknown[] = [];
    const onUncaught = (e: unknown) => crashes.push(e);
    process.on('uncaughtException', onUncaught);
    const sub = new BusClient({ address: { socketPath: b.socketPath }, clientId: 'flood-sub' });
    await sub.ready();
    let received = 0;
    await sub.subscribe(Patterns.allWorkerHealth, HealthPayloadSchema, () => void received++);
    const body = Buffer.alloc(33, 'x'); // small, like the upstream reports; counted by the client, refused as an envelope
    const stopAt = Date.now() + 10_000;
    const pubs = await Promise.all(
      Array.from({ length: 4 }, async (_, p) => {
        const c = new BusClient({ address: p % 2 ? { socketPath: b.socketPath } : { host: '127.0.0.1', port: b.tcpPort }, clientId: `flood-${p}` });
        await c.ready();
        // one publisher feeds the subscriber, three publish where nobody listens (mqemitter's recursion path)
        const topic = p === 0 ? systemHealth('flood') : Topics.systemLog;
        await new Promise<void>((done) => {
          const loop = () => {
            if (Date.now() > stopAt) return done();
            // as fast as the socket takes it (an unbounded client-side backlog measures nothing)
            if (c.backlogBytes < 1 << 20) for (let i = 0; i < 500; i++) c.publishRaw(topic, body);
            setImmediate(loop);
          };
          loop();
        });
        return c;
      }),
    );
    process.off('uncaughtException', onUncaught);
    expect(crashes).toEqual([]);
    expect(b.stats().published).toBeGreaterThan(100_000);
    await Promise.all(pubs.map((c) => c.close())); // discard the publishers' client-side backlog
    // still serving: a fresh client gets a message through
    const late = new BusClient({ address: { socketPath: b.socketPath }, clientId: 'late' });
    await late.ready();
    const before = received;
    late.publish(systemHealth('late'), 'worker.health', health);
    await expect.poll(() => received > before, { timeout: 15_000 }).toBe(true);
    await Promise.all([sub, late].map((c) => c.close()));
    await b.close();
  }, 60_000);

  it('runs in its own thread and reports the thread dying', async () => {
    let died: Error | undefined;
    const t = await BrokerThread.start(options(), (e) => (died = e));
    const c = new BusClient({ address: { host: '127.0.0.1', port: t.tcpPort }, clientId: 'c' });
    await c.ready();
    await c.close();
    await t.crash();
    await expect.poll(() => died).toBeInstanceOf(Error);
    const t2 = await BrokerThread.start(options(), () => {});
    await t2.stop();
  });
});
