// Remote control on a real agent (issue 19): an enrolled agent (local runtime, in-process) against a
// real control plane process. A worker restart, a stop/start (the stop surviving an agent restart),
// a rotate-now and a decommission each
// take effect within one desired-state long-poll cycle (the agent's poll counter moves by at most one
// answer, plus one if a 20 s hold happened to expire meanwhile), and the API shows each command done.
import { Agent, loadConfig } from '@decnet/host-agent';
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { agentConfig, ControlPlane, runCli, tempDir } from './harness';

let cp: ControlPlane;
let agent: Agent;
let dir: string;
let hostId: string;
let config: ReturnType<typeof loadConfig>;

beforeAll(async () => {
  cp = await ControlPlane.start();
  const tok = await cp.api<{ token: string; caSha256: string; site: string }>('POST', '/api/v1/hosts/enrollment-tokens', { hostName: 'fleet-ctl-01', site: 'lab-east' });
  expect(tok.site).toBe('lab-east');
  dir = tempDir('agent-fleet-control');
  const { path } = agentConfig(dir, { runtime: 'local', desiredStateWaitS: 20 });
  expect((await runCli(['enroll', '--url', cp.url, '--token', tok.token, '--ca-sha256', tok.caSha256, '--config', path])).code).toBe(0);
  config = loadConfig(path);
  hostId = config.hostId!;
  agent = await Agent.start({ config });
  for (let i = 0; i < 300 && !agent.status().heartbeat?.ok; i++) await new Promise((r) => setTimeout(r, 100));
}, 120_000);

afterAll(async () => {
  await agent?.stop();
  await cp?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const worker = (name: string) => agent.status().workers.find((w) => w.name === name)!;
const polls = () => Number(worker('desired-state').counters?.polls ?? 0);
type Command = { id: string; status: string; error: string | null; result: string | null };
const command = (id: string) => cp.api<Command>('GET', `/api/v1/fleet/commands/${id}`);

/** Sends a command and waits until the API shows it acknowledged; returns it with the long-poll answers it took. */
async function run(body: object): Promise<Command & { answers: number }> {
  expect(agent.status().heartbeat?.ok).toBe(true);
  await expect.poll(() => worker('desired-state').state, { timeout: 10_000 }).toBe('running');
  const before = polls();
  const c = await cp.api<Command>('POST', `/api/v1/hosts/${hostId}/commands`, body);
  expect(c.status).toBe('pending');
  await expect.poll(async () => (await command(c.id)).status, { timeout: 30_000, interval: 100 }).not.toBe('pending');
  return { ...(await command(c.id)), answers: polls() - before };
}

it('restarts one worker, stops and starts another, and reports their health to the API', async () => {
  const restartsBefore = worker('ingest').restarts;
  const restart = await run({ kind: 'worker', worker: 'ingest', action: 'restart' });
  expect(restart).toMatchObject({ status: 'done', error: null, result: 'ingest running' });
  expect(restart.answers).toBeLessThanOrEqual(2);
  expect(worker('ingest')).toMatchObject({ state: 'running', restarts: restartsBefore + 1 });

  const stop = await run({ kind: 'worker', worker: 'prober', action: 'stop' });
  expect([stop.status, stop.answers <= 2]).toEqual(['done', true]);
  expect(worker('prober').state).toBe('stopped');
  // The next heartbeat carries it: the Workers API shows the stopped prober and the restarted ingest.
  const health = async () => (await cp.api<{ items: Array<{ hostId: string; site: string; busConnected: boolean; workers: Array<{ name: string; status: string; restarts: number; liveness: string }> }> }>('GET', `/api/v1/fleet/workers?site=lab-east`)).items;
  await expect.poll(async () => (await health())[0]?.workers.find((w) => w.name === 'prober')?.status, { timeout: 20_000, interval: 200 }).toBe('stopped');
  const [h] = await health();
  expect(h).toMatchObject({ hostId, site: 'lab-east', busConnected: true });
  expect(h!.workers.find((w) => w.name === 'ingest')).toMatchObject({ liveness: 'ok', status: 'ok', restarts: restartsBefore + 1 });

  // The operator's stop survives an agent restart (the agent remembers it, the command is not re-run).
  await agent.stop();
  agent = await Agent.start({ config });
  await expect.poll(() => agent.status().heartbeat?.ok, { timeout: 30_000, interval: 100 }).toBe(true);
  expect(worker('prober').state).toBe('stopped');
  expect(worker('ingest').state).toBe('running');

  const start = await run({ kind: 'worker', worker: 'prober', action: 'start' });
  expect([start.status, start.answers <= 2, worker('prober').state]).toEqual(['done', true, 'running']);

  // The control channel restarting itself: the fresh desired-state worker re-reads the command and only acks it.
  const self = await run({ kind: 'worker', worker: 'desired-state', action: 'restart' });
  expect(self.status).toBe('done');
  await expect.poll(() => worker('desired-state').state, { timeout: 10_000 }).toBe('running');
}, 120_000);

it('rotates a decky now: the runtime runs other services and the control plane sees them', async () => {
  await cp.api('POST', '/api/v1/deckies', { name: 'fc-e2e-01', services: ['telnet'], hostId });
  const reported = async () => (await cp.api<{ items: Array<{ name: string; reported: { state: string; services: string[] } | null }> }>('GET', `/api/v1/deckies?hostId=${hostId}`)).items.find((d) => d.name === 'fc-e2e-01')?.reported;
  await expect.poll(async () => (await reported())?.state, { timeout: 60_000, interval: 300 }).toBe('running');
  const rotated = await run({ kind: 'rotate', decky: 'fc-e2e-01' });
  expect(rotated).toMatchObject({ status: 'done', error: null, result: expect.stringMatching(/^telnet -> /) });
  expect(rotated.answers).toBeLessThanOrEqual(2);
  const now = agent.status().desiredState?.deckies.find((d) => d.name === 'fc-e2e-01');
  expect(now?.services).not.toEqual(['telnet']);
  await expect.poll(async () => (await reported())?.services, { timeout: 20_000, interval: 200 }).toEqual(now?.services);
}, 120_000);

it('decommissions: the agent tears its deckies down, forgets its identity, and the host shows it done', async () => {
  expect(agent.status().desiredState?.deckies.length).toBeGreaterThan(0);
  const before = polls();
  await cp.api('POST', `/api/v1/hosts/${hostId}/decommission`);
  await expect.poll(() => agent.status().decommissioned, { timeout: 30_000, interval: 100 }).toBe(true);
  const host = async () => (await cp.api<{ items: Array<{ id: string; status: string; decommission: string | null }> }>('GET', '/api/v1/hosts')).items.find((h) => h.id === hostId);
  await expect.poll(async () => (await host())?.decommission, { timeout: 30_000, interval: 100 }).toBe('done');
  expect(polls() - before).toBeLessThanOrEqual(2);
  await expect.poll(() => agent.status().desiredState?.deckies.length, { timeout: 30_000, interval: 100 }).toBe(0);
  await expect.poll(() => existsSync(agent.paths.keyPem) || existsSync(agent.paths.certPem) || existsSync(agent.paths.desiredState), { timeout: 10_000 }).toBe(false);
  expect(['desired-state', 'heartbeat', 'uplink'].map((n) => worker(n).state)).toEqual(['stopped', 'stopped', 'stopped']);
  expect((await host())?.status).toBe('decommissioned');
}, 120_000);
