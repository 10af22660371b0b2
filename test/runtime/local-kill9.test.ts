// Fault test of issue 9: `decnet-agent run` (a real child process, local runtime, one http decky)
// is killed with SIGKILL in the middle of an HTTP attack that goes on for 1.5 s more, then restarted:
// every request that got an HTTP answer, before or after the kill, is in the spool exactly once.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { ServiceEvent } from '@decnet/protocol';
import { afterAll, expect, it } from 'vitest';
import { localDesiredPath, writeLocalDesired } from '../../host-agent/src/fleet/local-desired';
import { allLogFiles } from '../../host-agent/src/runtime/local/log-files';
import { runnerPidsOf, until } from '../../host-agent/src/runtime/local/testing';
import { localRuntimePaths, readLocalState } from '../../host-agent/src/runtime/local/state-file';
import { Spool } from '../../host-agent/src/spool/spool';
import { agentConfig, killed, spawnAgent, tempDir } from '../agent/harness';

const DECKY = `k9-${Math.random().toString(36).slice(2, 8)}`;
const dir = tempDir('kill9');
const { path: configPath, config } = agentConfig(dir);
const paths = localRuntimePaths(config.dataDir);
let proc: Awaited<ReturnType<typeof spawnAgent>>['proc'] | undefined;

afterAll(async () => {
  if (proc) await killed(proc, 'SIGTERM');
  for (const pid of runnerPidsOf(DECKY)) process.kill(-pid, 'SIGKILL'); // only if an assertion failed midway
  rmSync(dir, { recursive: true, force: true });
});

/** One request on a fresh connection; resolves true when an HTTP answer (status line) came back. */
function probe(host: string, port: number, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, agent: false, timeout: 2000, headers: { connection: 'close' } }, (res) => {
      resolve(true);
      res.resume();
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Everything the collector has durably taken from the decky's log files (cursor = file size). */
function collectedAll(): boolean {
  let cursors: Record<string, string>;
  try {
    cursors = (JSON.parse(readFileSync(join(config.dataDir, 'collector-cursors.json'), 'utf8')) as { streams: Record<string, string> }).streams;
  } catch {
    return false;
  }
  const files = allLogFiles(paths.logs).filter((f) => f.decky === DECKY);
  return files.length > 0 && files.every((f) => statSync(f.path).size === 0 || cursors[f.stream] === String(statSync(f.path).size));
}

async function spooled(): Promise<ServiceEvent[]> {
  const spool = await Spool.open({ dir: join(config.dataDir, 'spool'), maxBytes: 1 << 30, segmentBytes: 1 << 20, fsync: 'group' });
  const out: ServiceEvent[] = [];
  for (let b = await spool.read(10_000, 64 << 20); b; b = await spool.read(10_000, 64 << 20)) out.push(...b.records.map((r) => JSON.parse(r.toString()) as ServiceEvent));
  await spool.close();
  return out;
}

it('SIGKILL of the agent mid-attack: every answered request is recorded exactly once, also those answered after the kill', async () => {
  writeLocalDesired(localDesiredPath(config.dataDir), [{ name: DECKY, services: ['http'], serviceConfig: {} }]);
  proc = (await spawnAgent(configPath, ['--offline'])).proc;
  let endpoint: { host: string; port: number } | undefined;
  await until(() => {
    const d = readLocalState(paths.state)?.deckies.find((x) => x.name === DECKY && x.state === 'running');
    endpoint = d?.endpoints.find((e) => e.service === 'http');
    return endpoint !== undefined;
  }, 30_000, 'the http decky running');

  const answered: string[] = [];
  let killedAt = -1;
  let stop = false;
  let n = 0;
  const attacker = async (): Promise<void> => {
    while (!stop) {
      const path = `/k9-probe-${n++}`;
      if (await probe(endpoint!.host, endpoint!.port, path)) answered.push(path);
    }
  };
  const attackers = Array.from({ length: 4 }, attacker);
  await until(() => answered.length >= 300, 30_000, '300 answered requests');
  await killed(proc); // SIGKILL, mid-attack
  proc = undefined;
  killedAt = answered.length;
  await new Promise((r) => setTimeout(r, 1500)); // the attack goes on
  stop = true;
  await Promise.all(attackers);
  const afterKill = answered.length - killedAt;
  expect(afterKill).toBeGreaterThan(0); // the runner outlived its agent and kept answering

  proc = (await spawnAgent(configPath, ['--offline'])).proc;
  await until(collectedAll, 60_000, 'the collector to take every log line');
  await killed(proc, 'SIGTERM');
  proc = undefined;

  const requests = new Map<string, Set<string>>();
  for (const e of await spooled()) {
    const path = e.fields['path'];
    if (e.decky !== DECKY || e.eventType !== 'request' || typeof path !== 'string' || !path.startsWith('/k9-probe-')) continue;
    if (!requests.has(path)) requests.set(path, new Set());
    requests.get(path)!.add(e.id);
  }
  const missing = answered.filter((p) => !requests.has(p));
  const doubled = [...requests].filter(([, ids]) => ids.size > 1).map(([p]) => p);
  expect({ missing, doubled }).toEqual({ missing: [], doubled: [] });
  console.log(`local kill -9: ${answered.length} requests answered (${afterKill} after the kill), ${requests.size} recorded, none missing or doubled`);
}, 120_000);
