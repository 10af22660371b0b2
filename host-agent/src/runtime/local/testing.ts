// Test helpers for the local runtime and the collector (test/runtime, test/collector): a collector
// over a real spool, the ids every logged line must get, the runner processes serving a decky and
// the log stream it writes now (a new one per start).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
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

/** True when the process holds one of `decky`'s log files open (`.../<decky>/<startMs>.log`): it serves that decky. */
function writesLogOf(pid: string, decky: string): boolean {
  const re = new RegExp(`/${decky.replace(/[^A-Za-z0-9_-]/g, '')}/\\d{1,16}\\.log$`);
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return re.test(readlinkSync(`/proc/${pid}/fd/${fd}`));
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/**
 * Pids of live runner processes serving `decky`: a runner group writing its log file (a decky it has
 * stopped has closed it), or a single-decky runner with `--decky <decky>` on its command line.
 */
export function runnerPidsOf(decky: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!argv.some((a) => a.endsWith('runner/main.ts') || a.endsWith('/runner.mjs'))) continue; // from sources, or compiled
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (/ Z /.test(stat.slice(stat.lastIndexOf(')')))) continue; // a zombie serves nothing
      const i = argv.indexOf('--decky');
      if ((i >= 0 && argv[i + 1] === decky) || (argv.includes('--group') && writesLogOf(entry, decky))) out.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** The log stream `decky` writes now: a new one on every start of the decky, whatever process it runs in. */
export async function liveStreamOf(runtime: LocalRuntime, decky: string): Promise<string | undefined> {
  return (await runtime.logStreams()).filter((s) => s.decky === decky && s.live).at(-1)?.stream;
}
