// Idle desired-state long-polls (issue 19): N polls held at once against one control-plane instance
// on a libSQL file, each path measured over the same window: the shared poller (Node) and the
// per-request poll (the Workers path). Figures: SQL statements/s counted at the libSQL client, and
// the process's CPU per second of window, with the load average.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { hosts } from '../../control-plane/src/db/schema';
import type { AppDeps } from '../../control-plane/src/deps';
import { openDatabase } from '../../control-plane/src/runtime/node-database';
import { desiredState } from '../../control-plane/src/services/agent/desired-state';
import { memoryDeps } from '../../control-plane/src/testing/memory-deps';
import type { BenchRow } from './table';

interface PathFigures {
  statementsPerS: number;
  cpuMsPerS: number;
}

async function measure(base: AppDeps, url: string, shared: boolean, polls: number, windowS: number): Promise<PathFigures> {
  const { client, db } = await openDatabase(url);
  let statements = 0;
  const execute = client.execute.bind(client);
  client.execute = ((...a: Parameters<typeof execute>) => {
    statements++;
    return execute(...a);
  }) as typeof client.execute;
  const deps: AppDeps = { ...base, db, ...(shared && { sharedLiveFeed: true }) };
  const rows = await db.select().from(hosts);
  const abort = new AbortController();
  const held = rows.slice(0, polls).map((h) => desiredState(deps, h, h.desiredVersion, 25, abort.signal).catch(() => undefined));
  await new Promise((r) => setTimeout(r, 1500)); // every poll registered and past its first read
  const [s0, c0, t0] = [statements, process.cpuUsage(), performance.now()];
  await new Promise((r) => setTimeout(r, windowS * 1000));
  const c = process.cpuUsage(c0);
  const s = (performance.now() - t0) / 1000;
  const figures = { statementsPerS: (statements - s0) / s, cpuMsPerS: (c.user + c.system) / 1000 / s };
  abort.abort();
  await Promise.all(held);
  client.close();
  return figures;
}

export async function benchDesiredPoll(polls = 1000, windowS = 10): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'decnet-bench-desired-'));
  try {
    const url = `file:${join(dir, 'cp.db')}`;
    const base = await memoryDeps({}, undefined, url);
    // Rows as large as real ones: a heartbeat (its service catalogue alone is ~17 KB) spills into
    // overflow pages, which every read of desired_version walks.
    const heartbeatJson = JSON.stringify({ agentVersion: '0.1.0', catalogue: 'x'.repeat(17_000) });
    for (let i = 0; i < polls; i += 100) {
      const n = Math.min(100, polls - i);
      await base.db.insert(hosts).values(Array.from({ length: n }, (_, k) => ({ id: `bench-h${i + k}`, name: `bench-sensor-${i + k}`, status: 'active' as const, createdAtMs: 0, heartbeatJson })));
    }
    const load0 = loadavg()[0]!;
    const sharedFig = await measure(base, url, true, polls, windowS);
    const perRequest = await measure(base, url, false, polls, windowS);
    const load1 = loadavg()[0]!;
    const label = `desired-state long-poll, ${polls.toLocaleString('en-US')} idle held polls, ${windowS} s (Node, libSQL file)`;
    const fmt = (f: PathFigures) => `${f.statementsPerS.toFixed(1)} SQL statements/s, ${f.cpuMsPerS.toFixed(0)} ms CPU per s`;
    return [
      { name: `${label}: shared poller`, value: fmt(sharedFig), note: `one statement per 500 ms tick whatever the number of polls; load average ${load0.toFixed(1)} -> ${load1.toFixed(1)} on ${cpus().length} cores` },
      { name: `${label}: per-request poll (Workers path)`, value: fmt(perRequest), note: `one read per poll per 500 ms (${(polls * 2).toLocaleString('en-US')}/s expected when the CPU keeps up)` },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
