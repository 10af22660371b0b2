// Gives the garbage of a burst of work back once the process is quiet again. V8 grows the main heap
// with the allocation rate of a burst (ingest, API load) and collects it at its next full GC, which
// a quiet process does not reach: its memory reducer, meant for exactly this, never ran on the main
// thread in 30 s of idle after the memory bench's load (--trace-gc), and the product sat at 650 MB
// with a live heap of about 120 MB. So: once the event loop has been quiet for QUIET_SECONDS and
// the heap has grown by GARBAGE_BYTES since the last collection left it, run one memory-reducing GC.
// A plain forced GC leaves the young generation as big as the burst made it (32 MB, in semi-spaces
// that stay committed); only a GC flagged to reduce memory shrinks it. Node's way to ask for one is
// the inspector's HeapProfiler.collectGarbage, which V8 runs as a low-memory notification ("Mark-
// Compact (reduce)" in --trace-gc): 190 ms on a 56 MB live heap, where v8.queryObjects, which runs
// the same collection, took 1,030 ms with its heap walk. It is posted over an in-process session
// (node:inspector's Session: no port, no debugger). Capping the young generation instead
// (--max-semi-space-size=8) cost ingest 4-15 % of its events per CPU-second in interleaved runs.
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mallocTrim } from './node-malloc-trim';

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

type Inspector = typeof import('node:inspector');

/**
 * A collection that also shrinks the young generation (see above), in this thread's heap; resolves
 * when done. Falls back to two plain full GCs where Node has no inspector: the first frees, the
 * second finds the freed pages empty and gives them back (committed 145 -> 106 MB).
 */
function memoryReducingGc(): (() => Promise<void>) | null {
  let inspector: Inspector | undefined;
  try {
    inspector = createRequire(import.meta.url)('node:inspector') as Inspector;
  } catch {
    inspector = undefined;
  }
  if (inspector) {
    const { Session } = inspector;
    return () =>
      new Promise<void>((ok, fail) => {
        const session = new Session();
        session.connect();
        session.post('HeapProfiler.collectGarbage', (e) => {
          // Not from inside the callback: Node 20 deadlocks disconnecting a session there.
          setImmediate(() => session.disconnect());
          if (e) fail(e);
          else ok();
        });
      });
  }
  const gc = gcFunction();
  return gc
    ? () => {
        gc();
        gc();
        return Promise.resolve();
      }
    : null;
}

/**
 * One release of this thread's memory: the memory-reducing GC, then `release` (page caches), then
 * malloc_trim for the free pages they leave; resolves whether the trim gave memory back. Null where
 * no collection can be asked for.
 */
export function memoryRelease(release?: () => Promise<void> | void): (() => Promise<boolean>) | null {
  const collect = memoryReducingGc();
  if (!collect) return null;
  const trim = mallocTrim();
  return () =>
    collect()
      .then(() => release?.())
      .catch(() => {})
      .then(() => trim?.() ?? false);
}

export interface IdleGcStats {
  collections: number;
  /** Collections after which malloc_trim gave memory back to the system. */
  trims: number;
}

export interface IdleGcOptions {
  /** Heap growth since the last collection that makes a quiet process collect (default 16 MB). */
  garbageBytes?: number;
  /** Seconds of quiet first (default 1). */
  quietSeconds?: number;
  /** Also run after each collection, before the malloc trim (the database's page caches). */
  release?: () => Promise<void> | void;
}

/** Starts the watch (one timer a second, unref'd); returns its stop function and live stats. */
export function startIdleGc(opts: IdleGcOptions = {}): { stop: () => void; stats: IdleGcStats } {
  const garbageBytes = opts.garbageBytes ?? GARBAGE_BYTES;
  const quietSeconds = opts.quietSeconds ?? QUIET_SECONDS;
  const stats: IdleGcStats = { collections: 0, trims: 0 };
  const giveBack = memoryRelease(opts.release);
  if (!giveBack) return { stop: () => {}, stats };
  let live = getHeapStatistics().used_heap_size;
  let quiet = 0;
  let collecting = false;
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    quiet = busy < QUIET_UTILIZATION ? quiet + 1 : 0;
    if (collecting || quiet < quietSeconds) return;
    if (getHeapStatistics().used_heap_size - live < garbageBytes) return;
    collecting = true;
    void giveBack().then((trimmed) => {
      if (trimmed) stats.trims++;
      live = getHeapStatistics().used_heap_size;
      stats.collections++;
      quiet = 0;
      collecting = false;
    });
  }, 1000);
  timer.unref();
  return { stop: () => clearInterval(timer), stats };
}
