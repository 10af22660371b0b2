// The agent reports a topology's state right after it applied it, not with the next heartbeat: with
// the heartbeat interval at 10 minutes, a real agent (local runtime) still gets a deployed topology
// to `active` and an add_decky mutation to `applied` in the control plane within seconds.
import { Agent, loadConfig } from '@decnet/host-agent';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { agentConfig, ControlPlane, runCli, tempDir } from './harness';

let cp: ControlPlane;
let agent: Agent;
let dir: string;
let hostId: string;

const pos = { x: 0, y: 0 };
const decky = (name: string, ip: string) => ({ name, services: ['telnet'], serviceConfig: {}, homes: [{ lan: 'dmz', ip }], forwards: false, pos });

beforeAll(async () => {
  cp = await ControlPlane.start();
  const tok = await cp.enrollmentToken('topo-report-01');
  dir = tempDir('agent-topo-report');
  const { path } = agentConfig(dir, { runtime: 'local', heartbeatIntervalMs: 600_000 });
  expect((await runCli(['enroll', '--url', cp.url, '--token', tok.token, '--ca-sha256', tok.caSha256, '--config', path])).code).toBe(0);
  const config = loadConfig(path);
  hostId = config.hostId!;
  agent = await Agent.start({ config });
}, 120_000);

afterAll(async () => {
  await agent?.stop();
  await cp?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('deploy and add_decky are reported as realised without waiting for the 10-minute heartbeat', async () => {
  // The start-up heartbeat has been sent (the host is known): from here on only pokes report.
  await expect.poll(() => agent.status().heartbeat?.ok, { timeout: 30_000 }).toBe(true);
  const t = await cp.api<{ id: string; version: number }>('POST', '/api/v1/topologies', {
    name: 'report', hostId, lans: [{ name: 'dmz', subnet: '10.131.0.0/24', dmz: true, pos }], deckies: [decky('tr-web', '10.131.0.10')],
  });
  await cp.api('POST', `/api/v1/topologies/${t.id}/deploy`);
  const snap = () => cp.api<{ status: string; version: number; appliedVersion: number | null }>('GET', `/api/v1/topologies/${t.id}`);
  await expect.poll(async () => (await snap()).status, { timeout: 60_000, interval: 300 }).toBe('active');

  const v = (await snap()).version;
  const accepted = await cp.api<{ mutation: { id: string } }>('POST', `/api/v1/topologies/${t.id}/mutations`, { version: v, trigger: 'test', ops: [{ op: 'add_decky', decky: decky('tr-db', '10.131.0.20') }] });
  const status = async () => (await cp.api<{ items: Array<{ id: string; status: string }> }>('GET', `/api/v1/topologies/${t.id}/mutations`)).items.find((m) => m.id === accepted.mutation.id)?.status;
  await expect.poll(status, { timeout: 60_000, interval: 300 }).toBe('applied');
  expect(await snap()).toMatchObject({ status: 'active', appliedVersion: v + 1 });
  expect(agent.status().desiredState?.deckies.map((d) => d.name).sort()).toEqual(['tr-db', 'tr-web']);
}, 150_000);
