// The flood test at the level of the whole agent: `decnet-agent run` as a child process,
// its bus flooded for 10 s by four publishers (UNIX socket and TCP) in the pattern that overflows
// stock aedes' stack, while service events keep flowing to the control plane. The broker and the
// agent stay up, and every event published during the flood arrives.
import { HealthPayloadSchema, Patterns, systemHealth, Topics } from '@decnet/protocol';
import { BusClient, loadConfig, readStatus, type AgentConfig } from '@decnet/host-agent';
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { agentConfig, ControlPlane, killed, runCli, serviceEvent, spawnAgent, tempDir } from './harness';

let cp: ControlPlane;
let config: AgentConfig;
let dir: string;
let proc: ChildProcess;

beforeAll(async () => {
  cp = await ControlPlane.start();
  const tok = await cp.enrollmentToken('flooded-01');
  dir = tempDir('agent-flood');
  const { path } = agentConfig(dir);
  expect((await runCli(['enroll', '--url', cp.url, '--token', tok.token, '--config', path])).code).toBe(0);
  config = loadConfig(path);
  proc = (await spawnAgent(path)).proc;
});

afterAll(async () => {
  await killed(proc, 'SIGTERM');
  await cp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('survives a 10 s publish flood from four publishers; events keep flowing', async () => {
  const status = () => readStatus(join(config.dataDir, 'status.json'))!;
  const socketPath = join(config.dataDir, 'bus.sock');
  const tcp = { host: '127.0.0.1', port: status().bus.tcpPort! };
  const sub = new BusClient({ address: { socketPath }, clientId: 'flood-sub' });
  await sub.ready();
  await sub.subscribe(Patterns.allWorkerHealth, HealthPayloadSchema, () => {});
  const junk = Buffer.alloc(33, 'x');
  const stopAt = Date.now() + 10_000;
  const flood = Array.from({ length: 4 }, async (_, p) => {
    const c = new BusClient({ address: p % 2 ? { socketPath } : tcp, clientId: `flood-${p}` });
    await c.ready();
    const topic = p === 0 ? systemHealth('flood') : Topics.systemLog; // one to a subscriber, three to nobody
    await new Promise<void>((done) => {
      const loop = () => {
        if (Date.now() > stopAt) return done();
        // as fast as the socket takes it (an unbounded client-side backlog measures nothing)
        if (c.backlogBytes < 1 << 20) for (let i = 0; i < 500; i++) c.publishRaw(topic, junk);
        setImmediate(loop);
      };
      loop();
    });
    await c.close();
  });
  // A collector keeps publishing real events during the flood.
  const collector = new BusClient({ address: { socketPath }, clientId: 'flood-collector' });
  await collector.ready();
  let sent = 0;
  const feeding = (async () => {
    while (Date.now() < stopAt) {
      collector.publish(Topics.eventsIngest, 'service.events', { events: Array.from({ length: 50 }, () => serviceEvent(sent++)) });
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  await Promise.all([...flood, feeding]);
  const published = status().bus.stats?.published ?? 0;
  expect(proc.exitCode).toBeNull();
  expect(proc.signalCode).toBeNull();
  await expect.poll(() => cp.eventCounts(config.hostId), { timeout: 60_000, interval: 250 }).toEqual({ total: sent, distinct: sent });
  const s = status();
  expect(Date.now() - Date.parse(s.updatedAt)).toBeLessThan(2000); // still writing its status
  expect(s.workers.every((w) => w.restarts === 0 && w.status === 'ok')).toBe(true);
  console.log(`flood: ${published} messages through the agent's broker in 10 s, max queue ${s.bus.stats?.maxQueued}; ${sent} events delivered`);
  await Promise.all([sub.close(), collector.close()]);
}, 120_000);
