// The schedule's timing on real timers; the run is a counter (runIdentities has its own tests).
import { afterEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../deps';
import { noteIngest } from '../agent/ingest-activity';
import { startIdentitySchedule } from './schedule';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((s) => s()));

function setUp() {
  const deps = { db: {}, now: () => Date.now(), logger: { error: () => {} } } as unknown as AppDeps;
  const runs: number[] = [];
  const opts = { run: async () => void runs.push(Date.now()), ingestQuietMs: 400, maxDeferMs: 700, deferStepMs: 50 };
  return { deps, runs, opts };
}

/** Notes an ingest every 20 ms for `ms`. */
async function ingestFor(deps: AppDeps, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    noteIngest(deps);
    await sleep(20);
  }
}

describe('identity schedule', () => {
  it('runs on its interval when nothing is ingested', async () => {
    const { deps, runs, opts } = setUp();
    stops.push(startIdentitySchedule(deps, 50, opts));
    await sleep(400);
    expect(runs.length).toBeGreaterThanOrEqual(3);
  });

  it('waits while this process ingests, and runs once the burst is over', async () => {
    const { deps, runs, opts } = setUp();
    noteIngest(deps);
    stops.push(startIdentitySchedule(deps, 50, { ...opts, maxDeferMs: 5000 }));
    await ingestFor(deps, 450);
    expect(runs).toEqual([]);
    const quietFrom = Date.now();
    await sleep(900);
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs[0]! - quietFrom).toBeGreaterThanOrEqual(350);
  });

  it('never waits longer than its cap under sustained ingest', async () => {
    const { deps, runs, opts } = setUp();
    const started = Date.now();
    stops.push(startIdentitySchedule(deps, 50, opts));
    await ingestFor(deps, 2500);
    const ingestEnded = Date.now();
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs[0]! - started).toBeGreaterThanOrEqual(700);
    expect(runs[0]!).toBeLessThan(ingestEnded);
  });
});
