// Fault test of the issue: `decnet-agent run` (a real child process) is killed with SIGKILL in the
// middle of uploading, twice, and restarted: every event is in the database exactly once.
import { Topics } from '@decnet/protocol';
import { BusClient, loadConfig, readStatus, type AgentConfig } from '@decnet/host-agent';
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { agentConfig, ControlPlane, killed, runCli, serviceEvent, spawnAgent, tempDir } from './harness';

let cp: ControlPlane;
let config: AgentConfig;
let configPath: string;
let dir: string;
let proc: ChildProcess | undefined;

beforeAll(async () => {
  cp = await ControlPlane.start();
  const tok = await cp.enrollmentToken('killed-01');
  dir = tempDir('agent-kill');
  // Small batches: many uploads, so a kill always lands in the middle of one.
  configPath = agentConfig(dir, { spool: { batchMax: 500, inflight: 2, flushIntervalMs: 50 } }).path;
  expect((await runCli(['enroll', '--url', cp.url, '--token', tok.token, '--config', configPath])).code).toBe(0);
  config = loadConfig(configPath);
});

afterAll(async () => {
  if (proc) await killed(proc);
  await cp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const status = () => readStatus(join(config.dataDir, 'status.json'));

it('SIGKILL mid-upload, twice: nothing lost, nothing doubled', async () => {
  const TOTAL = 40_000;
  await cp.down(); // let the spool fill first, so the uploads after it are long enough to interrupt
  proc = (await spawnAgent(configPath)).proc;
  const produced: string[] = [];
  const bus = new BusClient({ address: { socketPath: join(config.dataDir, 'bus.sock') }, clientId: 'kill-producer' });
  await bus.ready();
  for (let i = 0; i < TOTAL; i += 200) {
    const events = Array.from({ length: 200 }, (_, k) => serviceEvent(i + k));
    produced.push(...events.map((e) => e.id));
    bus.publish(Topics.eventsIngest, 'service.events', { events });
  }
  await expect.poll(() => status()?.spool.pendingRecords, { timeout: 30_000, interval: 100 }).toBe(TOTAL);
  await bus.close();
  await cp.up();
  const kills: number[] = [];
  for (let k = 0; k < 2; k++) {
    // wait until this round's upload is under way, then kill without warning
    const before = (await cp.eventCounts(config.hostId)).total;
    await expect.poll(async () => (await cp.eventCounts(config.hostId)).total, { timeout: 60_000, interval: 10 }).toBeGreaterThan(before + 2000);
    await killed(proc);
    const at = (await cp.eventCounts(config.hostId)).total;
    expect(at).toBeLessThan(TOTAL); // really mid-upload
    kills.push(at);
    proc = (await spawnAgent(configPath)).proc;
  }
  await expect.poll(() => cp.eventCounts(config.hostId), { timeout: 60_000, interval: 200 }).toEqual({ total: TOTAL, distinct: TOTAL });
  const db = cp.db();
  const rows = await db.execute({ sql: 'SELECT id FROM events WHERE host_id = ?', args: [config.hostId!] });
  db.close();
  const stored = new Set(rows.rows.map((r) => String(r.id)));
  expect(produced.filter((id) => !stored.has(id))).toEqual([]);
  await expect.poll(() => status()?.spool.pendingRecords, { timeout: 10_000 }).toBe(0);
  const s = status()!;
  expect(s.spool.droppedRecords).toBe(0);
  console.log(`sigkill: killed at ${kills.join(' and ')} of ${TOTAL} stored; after restart ${s.uplink?.events} sent, ${s.uplink?.duplicates} duplicates absorbed by idempotent ingest`);
}, 170_000);
