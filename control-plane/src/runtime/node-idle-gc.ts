// Gives the garbage of a burst of work back once the process is quiet again. V8 grows the main heap
// with the allocation rate of a burst (ingest, API load) and collects it at its next full GC, which
// a quiet process does not reach: its memory reducer, meant for exactly this, never ran on the main
// thread in 30 s of idle after the memory bench's load (--trace-gc), and the product sat at 650 MB
// with a live heap of about 120 MB. So: once the event loop has been quiet for QUIET_SECONDS and
// the heap has grown by GARBAGE_BYTES since the last collection left it, run one full GC.
// What it cannot give back: the young generation, which grows to 32 MB under load and which only
// V8's memory reducer shrinks (a forced GC leaves it; capping it with --max-semi-space-size=8 cost
// ingest 4-15 % of its events per CPU-second in interleaved runs).
import { performance } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Quiet: the event loop busy under this share of a second, for this many seconds in a row. An idle
 * product's loop (deckies' events, heartbeats, timers) is busy 1-4 % of each second with spikes to
 * 5 %, so a 5 % bar held for 2 s could keep a collection waiting long after a load; one of a 60 MB
 * heap takes tens of ms, which a loop busy 10 % of the time hardly notices.
 */
const QUIET_UTILIZATION = 0.1;
const QUIET_SECONDS = 1;
/**
 * At 48 MB, the product sat with ~27 MB of garbage after the memory bench's load (used 82 MB, 55 MB
 * live): under the bar, so never collected. A full collection of this heap takes tens of ms.
 */
const GARBAGE_BYTES = 16 * 1024 * 1024;

/** Called without options: a full, synchronous collection (Node 20's V8 turns `{ type: 'major' }` into a scavenge). */
type GcFn = () => void;

/** V8's gc function, exposed at run time (a `--expose-gc` on the command line works too); null if refused. */
function gcFunction(): GcFn | null {
  const own = (globalThis as { gc?: GcFn }).gc;
  if (own) return own;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as GcFn;
  } catch {
    return null;
  }
}

export interface IdleGcStats {
  collections: number;
}

export interface IdleGcOptions {
  /** Heap growth since the last collection that makes a quiet process collect (default 16 MB). */
  garbageBytes?: number;
  /** Seconds of quiet first (default 1). */
  quietSeconds?: number;
}

/** Starts the watch (one timer a second, unref'd); returns its stop function and live stats. */
export function startIdleGc(opts: IdleGcOptions = {}): { stop: () => void; stats: IdleGcStats } {
  const garbageBytes = opts.garbageBytes ?? GARBAGE_BYTES;
  const quietSeconds = opts.quietSeconds ?? QUIET_SECONDS;
  const stats: IdleGcStats = { collections: 0 };
  const gc = gcFunction();
  if (!gc) return { stop: () => {}, stats };
  let live = getHeapStatistics().used_heap_size;
  let quiet = 0;
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    quiet = busy < QUIET_UTILIZATION ? quiet + 1 : 0;
    if (quiet < quietSeconds) return;
    if (getHeapStatistics().used_heap_size - live < garbageBytes) return;
    // The first collection frees; the second finds the freed pages empty and gives them back to the
    // system (after the memory bench's load: committed 145 -> 145 MB, then -> 106 MB, live 68 MB).
    gc();
    gc();
    live = getHeapStatistics().used_heap_size;
    stats.collections++;
    quiet = 0;
  }, 1000);
  timer.unref();
  return { stop: () => clearInterval(timer), stats };
}
