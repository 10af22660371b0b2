import { Topics, type ServiceEvent } from '@decnet/protocol';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusClient } from '../bus/bus-client';
import { parseConfig } from '../config/load';
import type { BusWorker } from '../workers/bus/bus-worker';
import { Agent, NotEnrolledError } from './agent';
import { readStatus } from './status';

let dir: string;
let agent: Agent;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'agent-'));
  agent = await Agent.start({ config: parseConfig({ version: 1, dataDir: dir, bus: { tcpPort: 0 }, statusIntervalMs: 100 }), offline: true });
});
afterAll(async () => {
  await agent.stop();
  rmSync(dir, { recursive: true, force: true });
});

const event = (n: number): ServiceEvent => ({
  id: `ev-${n}`, ts: '2026-06-20T04:41:07.123Z', decky: 'web-01', service: 'ssh', eventType: 'connect', fields: {}, raw: `<134>1 line ${n}`,
});

describe('Agent (offline: bus and spool only)', () => {
  it('refuses to run enrolled-mode without an identity', async () => {
    await expect(Agent.start({ config: parseConfig({ version: 1, dataDir: join(dir, 'other') }) })).rejects.toBeInstanceOf(NotEnrolledError);
  });

  it('spools events from enqueue() and from the bus, and writes its status file', async () => {
    await agent.enqueue([event(1), event(2)]);
    await expect(agent.enqueue({ nope: true })).rejects.toThrow();
    const c = new BusClient({ address: { socketPath: agent.paths.busSocket }, clientId: 'c1' });
    await c.ready();
    c.publish(Topics.eventsIngest, 'service.event', event(3));
    await expect.poll(() => agent.status().spool.pendingRecords).toBe(3);
    await expect.poll(() => readStatus(agent.paths.status)?.spool.pendingRecords).toBe(3);
    expect(readStatus(agent.paths.status)).toMatchObject({ offline: true, pid: process.pid, bus: { tcpPort: agent.busTcpPort } });
    await c.close();
  });

  it('a crashed broker thread is restarted by the supervisor and clients reconnect by themselves', async () => {
    const c = new BusClient({ address: { socketPath: agent.paths.busSocket }, clientId: 'c2' });
    await c.ready();
    await (agent as unknown as { busWorker: BusWorker }).busWorker.crash();
    await expect.poll(() => agent.status().workers.find((w) => w.name === 'bus'), { timeout: 10_000 }).toMatchObject({ state: 'running', restarts: 1 });
    await expect.poll(() => c.connected, { timeout: 10_000 }).toBe(true);
    // The bus is QoS 0: publish only once the ingest worker's own client is back (and subscribed).
    await expect.poll(() => agent.status().workers.find((w) => w.name === 'ingest')?.status, { timeout: 10_000 }).toBe('ok');
    c.publish(Topics.eventsIngest, 'service.event', event(4));
    await expect.poll(() => agent.status().spool.pendingRecords, { timeout: 10_000 }).toBe(4);
    await c.close();
  });
});
