// Fault test of the issue: the control plane is down for 30 s while 50,000 events are produced
// (half through the bus ingest topic, half through enqueue()), then comes back: every event is in
// its libSQL database exactly once.
import { Topics } from '@decnet/protocol';
import { Agent, BusClient, loadConfig, type AgentConfig } from '@decnet/host-agent';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { agentConfig, ControlPlane, runCli, serviceEvent, tempDir } from './harness';

let cp: ControlPlane;
let agent: Agent;
let config: AgentConfig;
let dir: string;

beforeAll(async () => {
  cp = await ControlPlane.start();
  const tok = await cp.enrollmentToken('outage-01');
  dir = tempDir('agent-outage');
  const { path } = agentConfig(dir);
  expect((await runCli(['enroll', '--url', cp.url, '--token', tok.token, '--ca-sha256', tok.caSha256, '--config', path])).code).toBe(0);
  config = loadConfig(path);
  agent = await Agent.start({ config });
});

afterAll(async () => {
  await agent?.stop();
  await cp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('control plane down 30 s during 50,000 events: all stored exactly once', async () => {
  const TOTAL = 50_000;
  const TICKS = 310; // ~31 s of production at one tick per 100 ms
  const produced = new Set<string>();
  const bus = new BusClient({ address: { socketPath: agent.paths.busSocket }, clientId: 'outage-producer' });
  await bus.ready();
  let n = 0;
  const t0 = Date.now();
  for (let tick = 0; tick < TICKS; tick++) {
    if (tick === 5) await cp.down(); // 0.5 s in: outage
    if (tick === 5 + 300) await cp.up(); // 30 s later: back, while production goes on
    const size = Math.floor(TOTAL / TICKS) + (tick < TOTAL % TICKS ? 1 : 0);
    const events = Array.from({ length: size }, () => serviceEvent(n++));
    for (const e of events) produced.add(e.id);
    if (tick % 2 === 0) bus.publish(Topics.eventsIngest, 'service.events', { events });
    else await agent.enqueue(events);
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + (tick + 1) * 100 - Date.now())));
  }
  expect(n).toBe(TOTAL);
  const outageStatus = agent.status();
  expect(outageStatus.uplink!.failures).toBeGreaterThan(0);
  await expect.poll(() => cp.eventCounts(config.hostId), { timeout: 90_000, interval: 500 }).toEqual({ total: TOTAL, distinct: TOTAL });
  const db = cp.db();
  const rows = await db.execute({ sql: 'SELECT id FROM events WHERE host_id = ?', args: [config.hostId!] });
  db.close();
  const stored = new Set(rows.rows.map((r) => String(r.id)));
  expect([...produced].filter((id) => !stored.has(id))).toEqual([]);
  await expect.poll(() => agent.status().spool.pendingRecords).toBe(0);
  expect(agent.status().spool).toMatchObject({ droppedRecords: 0, quarantined: 0 });
  await bus.close();
}, 150_000);
