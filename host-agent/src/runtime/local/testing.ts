// Test helpers for the local runtime and the collector (test/runtime, test/collector): a collector
// over a real spool, the ids every logged line must get, and the runner processes alive for a decky.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventIdFor, type ServiceEvent } from '@decnet/protocol';
import { EventSpool } from '../../spool/event-spool';
import { CollectorWorker, type CollectorWorkerDeps } from '../../workers/collector/collector-worker';
import { LineSplitter } from './line-splitter';
import { allLogFiles } from './log-files';
import type { LocalRuntime } from './local-runtime';
import { localRuntimePaths } from './state-file';

export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A collector over a real EventSpool in `dir`; `stored` is every event the spool accepted, in order. */
export async function spoolCollector(runtime: LocalRuntime, dir: string, over: Partial<CollectorWorkerDeps> = {}) {
  const spool = await EventSpool.open({ dir: join(dir, 'spool'), host: 'test-host', maxBytes: 64 << 20, segmentBytes: 1 << 20, fsync: 'group' });
  const stored: ServiceEvent[] = [];
  const make = (extra: Partial<CollectorWorkerDeps> = {}) =>
    new CollectorWorker({
      name: 'collector', log: () => {}, fail: (e) => { throw e; },
      source: runtime, sourceId: 'test-host', cursorFile: join(dir, 'collector-cursors.json'),
      sink: async (events) => {
        await spool.appendValid(events);
        stored.push(...events);
      },
      discoverIntervalMs: 100, ...over, ...extra,
    });
  return { spool, stored, make };
}

/** The id of every complete line in the runtime's log files: what a lossless collector stores. */
export async function idsOfAllLoggedLines(dataDir: string, sourceId: string): Promise<string[]> {
  const ids: string[] = [];
  for (const f of allLogFiles(localRuntimePaths(dataDir).logs)) {
    const lines = new LineSplitter().push(readFileSync(f.path));
    for (const l of lines) ids.push(await eventIdFor(`${sourceId}/${f.stream}`, String(l.endOffset)));
  }
  return ids;
}

/** Pids of live processes whose command line is a runner for `decky`. */
export function runnerPidsOf(decky: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const i = argv.indexOf('--decky');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const zombie = / Z /.test(stat.slice(stat.lastIndexOf(')')));
      if (i >= 0 && argv[i + 1] === decky && argv.some((a) => a.endsWith('runner/main.ts')) && !zombie) out.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}
