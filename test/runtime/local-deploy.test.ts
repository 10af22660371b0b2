// `decnet-agent deploy` / `teardown` against a running (not enrolled) agent: the commands write the
// local fleet file, the agent's mutator picks it up and the local runtime runs the deckies; the
// commands wait for the runtime's report and print where the deckies listen.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archetype } from '@decnet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStatus, type AgentStatus } from '../../host-agent/src/agent/status';
import { deployCommand } from '../../host-agent/src/cli/deploy-command';
import { teardownCommand } from '../../host-agent/src/cli/teardown-command';
import type { CliIo } from '../../host-agent/src/fleet/cli-io';
import { localDesiredPath } from '../../host-agent/src/fleet/local-desired';
import { availableServices } from '../../host-agent/src/fleet/service-catalogue';
import { LocalRuntime } from '../../host-agent/src/runtime/local/local-runtime';
import { liveStreamOf, runnerPidsOf } from '../../host-agent/src/runtime/local/testing';
import { DesiredStore } from '../../host-agent/src/workers/mutator/desired-store';
import { MutatorWorker } from '../../host-agent/src/workers/mutator/mutator-worker';

const PREFIX = `e2e-dep-${Math.random().toString(36).slice(2, 6)}`;
const dir = mkdtempSync(join(tmpdir(), 'decnet-deploy-'));
const flags = ['--agent-config', join(dir, 'no-agent.json'), '--data-dir', dir];
let runtime: LocalRuntime;
let mutator: MutatorWorker;
let statusTimer: NodeJS.Timeout;

function capture(): CliIo & { text: () => string } {
  const lines: string[] = [];
  return { out: (l) => void lines.push(l), err: (l) => void lines.push(l), text: () => lines.join('\n') };
}

/** What `decnet-agent status` and the commands look at to decide that an agent is running. */
function writeAgentStatus(): void {
  const now = new Date().toISOString();
  const s = { v: 1, pid: process.pid, version: 'test', startedAt: now, updatedAt: now, offline: true, workers: [] } as unknown as AgentStatus;
  writeStatus(join(dir, 'status.json'), s);
}

beforeAll(async () => {
  runtime = await LocalRuntime.open({ dataDir: dir, stopTimeoutMs: 3000 });
  const pool = availableServices();
  mutator = new MutatorWorker({
    name: 'mutator', log: () => {}, fail: () => {}, runtime, desired: new DesiredStore(), localDesiredFile: localDesiredPath(dir),
    stateFile: join(dir, 'mutator-state.json'), servicePool: (s) => (s.archetype ? archetype(s.archetype).services.filter((x) => pool.includes(x)) : pool), tickMs: 200,
  });
  await mutator.start();
  writeAgentStatus();
  statusTimer = setInterval(writeAgentStatus, 1000);
});

afterAll(async () => {
  clearInterval(statusTimer);
  await mutator?.stop();
  await runtime?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('deploy and teardown reach a running agent', () => {
  it('deploy --deckies 2 --services runs them and prints their endpoints', async () => {
    const io = capture();
    expect(await deployCommand(['--deckies', '2', '--services', 'ssh,telnet', '--prefix', PREFIX, ...flags], io)).toBe(0);
    expect(io.text()).toMatch(new RegExp(`${PREFIX}-01\\s+running\\s+127\\.\\d+\\.\\d+\\.\\d+\\s+ssh 127\\.[\\d.]+:\\d+.*telnet`));
    expect(runtime.report().map((r) => [r.name, r.state])).toEqual([[`${PREFIX}-01`, 'running'], [`${PREFIX}-02`, 'running']]);
  });

  it('deploying a changed decky restarts it; teardown --id and --all stop them', async () => {
    const stream = await liveStreamOf(runtime, `${PREFIX}-01`);
    expect(stream).toBeDefined();
    const io = capture();
    expect(await deployCommand(['--archetype', 'deaddeck', '--prefix', PREFIX, ...flags], io)).toBe(0);
    expect(runtime.report().find((r) => r.name === `${PREFIX}-01`)?.services).toEqual(['ssh']);
    // Restarted: each start of a decky writes a new log stream (its runner process may be a group it shares).
    expect(await liveStreamOf(runtime, `${PREFIX}-01`)).not.toBe(stream);
    expect(runnerPidsOf(`${PREFIX}-01`)).toHaveLength(1);

    expect(await teardownCommand(['--id', `${PREFIX}-01`, ...flags], capture())).toBe(0);
    expect(runtime.report().map((r) => r.name)).toEqual([`${PREFIX}-02`]);
    expect(runnerPidsOf(`${PREFIX}-01`)).toEqual([]);
    const unknown = capture();
    expect(await teardownCommand(['--id', 'no-such-decky', ...flags], unknown)).toBe(1);
    expect(unknown.text()).toContain('no local decky named no-such-decky');
    expect(await teardownCommand(['--all', ...flags], capture())).toBe(0);
    expect(runtime.report()).toEqual([]);
    expect(runnerPidsOf(`${PREFIX}-02`)).toEqual([]);
  });

  it('refuses on an enrolled agent and validates its flags', async () => {
    const cfg = join(dir, 'enrolled.json');
    writeFileSync(cfg, JSON.stringify({ version: 1, dataDir: dir, hostId: 'h1', controlPlane: { url: 'https://cp.example', mtlsUrl: 'https://cp.example:8443' } }));
    const io = capture();
    expect(await deployCommand(['--services', 'ssh', '--agent-config', cfg], io)).toBe(1);
    expect(io.text()).toMatch(/enrolled/);
    await expect(deployCommand(['--deckies', '2', ...flags], capture())).rejects.toThrow(/--services a,b, --archetype A or --randomize-services/);
    await expect(deployCommand(['--archetype', 'toaster', ...flags], capture())).rejects.toThrow(/unknown archetype/);
  });
});
