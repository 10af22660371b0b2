// The realism self-test end to end (issue 17): an admin asks for a decky's self-test on the API; the
// enrolled agent (local runtime, in-process, nmap off) finds the request in its desired state, tests
// its running decky and uploads the report over mutual TLS; the API then shows it, request closed.
import { Agent, loadConfig } from '@decnet/host-agent';
import { realismPassed, RealismReportSchema, REALISM_CHECKS } from '@decnet/protocol';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { agentConfig, ControlPlane, runCli, tempDir } from './harness';

const RealismAnswer = z.object({ report: RealismReportSchema.nullable(), pendingRequestId: z.string().nullable() });
let cp: ControlPlane;
let agent: Agent;
let dir: string;
let hostId: string;

beforeAll(async () => {
  cp = await ControlPlane.start();
  const tok = await cp.api<{ token: string; caSha256: string }>('POST', '/api/v1/hosts/enrollment-tokens', { hostName: 'selftest-01' });
  dir = tempDir('agent-selftest');
  const { path } = agentConfig(dir, { runtime: 'local', desiredStateWaitS: 20 });
  expect((await runCli(['enroll', '--url', cp.url, '--token', tok.token, '--ca-sha256', tok.caSha256, '--config', path])).code).toBe(0);
  const config = loadConfig(path);
  hostId = config.hostId!;
  agent = await Agent.start({ config, selftest: { nmap: false } });
}, 120_000);

afterAll(async () => {
  await agent?.stop();
  await cp?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const realism = async (name: string) => RealismAnswer.parse(await cp.api('GET', `/api/v1/deckies/${name}/realism`));

it('runs the requested self-test on the agent and the report appears in the API', async () => {
  await cp.api('POST', '/api/v1/deckies', { name: 'st-web-01', services: ['http'], hostId });
  const reported = async () => (await cp.api<{ items: Array<{ name: string; reported: { state: string } | null }> }>('GET', `/api/v1/deckies?hostId=${hostId}`)).items.find((d) => d.name === 'st-web-01')?.reported?.state;
  await expect.poll(reported, { timeout: 60_000, interval: 300 }).toBe('running');
  expect((await realism('st-web-01')).report).toBeNull();

  const { requestId } = await cp.api<{ requestId: string }>('POST', '/api/v1/deckies/st-web-01/selftest', {});
  expect((await realism('st-web-01')).pendingRequestId).toBe(requestId);
  await expect.poll(async () => (await realism('st-web-01')).report?.requestId, { timeout: 60_000, interval: 250 }).toBe(requestId);

  const got = await realism('st-web-01');
  expect(got.pendingRequestId).toBeNull();
  const r = got.report!;
  expect(r.decky).toBe('st-web-01');
  expect(r.nmap.available).toBe(false); // the agent was told not to run nmap
  expect(r.checks.map((c) => c.id).sort()).toEqual([...REALISM_CHECKS].sort());
  expect(r.checks.find((c) => c.id === 'nmap-services')?.status).toBe('skip');
  // What an attacker sees on the decky's http port: the live answer, not a placeholder.
  expect(r.attackerView.find((v) => v.service === 'http')?.text.length).toBeGreaterThan(0);
  expect(typeof realismPassed(r)).toBe('boolean');
  // Remembered across restarts: the data dir holds the answered request id.
  const done = join(agent.paths.dataDir, 'selftest-done.json');
  await expect.poll(() => (existsSync(done) ? (JSON.parse(readFileSync(done, 'utf8')) as string[]) : []), { timeout: 10_000, interval: 100 }).toContain(requestId);
}, 120_000);
