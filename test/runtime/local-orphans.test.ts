// An agent that dies with SIGKILL leaves its runners behind: the next LocalRuntime.open reaps them
// (pid files, checked against /proc; here one runner group with two deckies), and the dead agent's log
// files stay followable to their end.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeckyLogLine } from '../../host-agent/src/runtime/log-stream';
import { LocalRuntime } from '../../host-agent/src/runtime/local/local-runtime';
import { runnerPidsOf, until } from '../../host-agent/src/runtime/local/testing';

const DECKY = `e2e-orphan-${Math.random().toString(36).slice(2, 8)}`;
const SIBLING = `${DECKY}-b`;
const dir = mkdtempSync(join(tmpdir(), 'decnet-orphans-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in agent in its own process: opens the runtime, runs one decky, says so, waits. */
function startAgentProcess() {
  const runtimeUrl = pathToFileURL(new URL('../../host-agent/src/runtime/local/local-runtime.ts', import.meta.url).pathname).href;
  const script = join(dir, 'agent.mts');
  writeFileSync(script, `import { LocalRuntime } from ${JSON.stringify(runtimeUrl)};
const rt = await LocalRuntime.open({ dataDir: ${JSON.stringify(dir)} });
await rt.apply([{ name: ${JSON.stringify(DECKY)}, services: ['telnet'], serviceConfig: {} }, { name: ${JSON.stringify(SIBLING)}, services: ['telnet'], serviceConfig: {} }]);
process.stdout.write(JSON.stringify(rt.report()) + '\\n');
setInterval(() => {}, 1000);
`);
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsx, script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise<string>((ok, fail) => {
    child.stdout!.once('data', (d: Buffer) => ok(d.toString()));
    child.once('exit', (code) => fail(new Error(`agent exited ${code}`)));
  });
  return { child, ready };
}

describe('LocalRuntime after an agent crash', () => {
  it('reaps the runners a SIGKILLed agent left and keeps its logs followable', async () => {
    const agent = startAgentProcess();
    expect(await agent.ready).toContain('"state":"running"');
    const [orphan] = runnerPidsOf(DECKY);
    expect(orphan).toBeGreaterThan(0);
    expect(runnerPidsOf(SIBLING)).toEqual([orphan]); // one runner group
    agent.child.kill('SIGKILL');
    await new Promise((r) => agent.child.once('exit', r));
    expect(runnerPidsOf(DECKY)).toEqual([orphan]); // still serving, with nobody collecting

    const rt = await LocalRuntime.open({ dataDir: dir, stopTimeoutMs: 3000 });
    await until(() => runnerPidsOf(DECKY).length === 0, 5000, 'orphan reaped');
    expect(runnerPidsOf(SIBLING)).toEqual([]);
    const [old] = (await rt.logStreams()).filter((s) => s.decky === DECKY);
    expect(old).toMatchObject({ decky: DECKY, live: false });
    const lines: DeckyLogLine[] = [];
    await rt.follow(old!.stream, undefined, (l) => void lines.push(l), new AbortController().signal); // resolves: ended
    expect(lines[0]?.line).toMatch(new RegExp(`^<134>1 \\S+ ${DECKY} telnet - startup `));
    expect(Number(lines.at(-1)!.position)).toBeGreaterThan(0);

    // Re-spawned by the new agent into a new stream; the old one is untouched.
    await rt.apply([{ name: DECKY, services: ['telnet'], serviceConfig: {} }]);
    expect((await rt.logStreams()).filter((s) => s.decky === DECKY).map((s) => s.live)).toEqual([false, true]);
    await rt.close();
    expect(runnerPidsOf(DECKY)).toEqual([]);
  });
});
