// Node: ingest's write transactions on a thread of their own. The event loop parses, validates and
// plans each batch (services/agent/ingest-native.ts) and posts the job; the writer thread applies it
// on its own native connection, so SQLite's work overlaps the next request's TLS, JSON and planning.
// If the thread dies, its pending jobs fail (the agent retries: ingest is idempotent) and the next
// job starts a new one.
// @decnet-build keep-import-meta: compiled, the thread's bundle is ingest-writer.mjs beside this one.
import { Worker } from 'node:worker_threads';
import type { NativeIngestJob, NativeIngestOutcome } from '../services/agent/ingest-native';

export type ToWriter = { type: 'job'; id: number; job: NativeIngestJob } | { type: 'stop' };
export type FromWriter = { id: number; out: NativeIngestOutcome } | { id: number; error: string };

const COMPILED = import.meta.url.endsWith('.mjs');
const THREAD = COMPILED ? new URL('./ingest-writer.mjs', import.meta.url) : new URL('./node-thread-boot.mjs', import.meta.url);
const ENTRY = new URL('./node-ingest-writer-thread.ts', import.meta.url).href;

export interface IngestWriter {
  apply(job: NativeIngestJob): Promise<NativeIngestOutcome>;
  stop(): Promise<void>;
}

interface Pending {
  ok: (out: NativeIngestOutcome) => void;
  fail: (e: Error) => void;
}

/**
 * The writer for a local database file; `onError` hears of a thread that died. `gate`: the event
 * loop's WriteGate buffer, whose lock the thread takes around each transaction.
 */
export function startIngestWriter(file: string, onError: (message: string) => void, gate = new SharedArrayBuffer(8)): IngestWriter {
  let worker: Worker | undefined;
  let exited: Promise<void> = Promise.resolve();
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const spawn = (): Worker => {
    const w = new Worker(THREAD, { workerData: { file, entry: ENTRY, gate } });
    w.on('message', (m: FromWriter) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if ('error' in m) p.fail(new Error(m.error));
      else p.ok(m.out);
    });
    const died = (why: string) => {
      if (worker !== w) return;
      worker = undefined;
      onError(why);
      for (const p of pending.values()) p.fail(new Error(`ingest writer thread stopped: ${why}`));
      pending.clear();
    };
    w.on('error', (e) => died(e.message));
    exited = new Promise((ok) =>
      w.once('exit', (code) => {
        died(`exited with code ${code}`);
        ok();
      }),
    );
    return w;
  };

  return {
    apply: (job) =>
      new Promise((ok, fail) => {
        const id = nextId++;
        pending.set(id, { ok, fail });
        (worker ??= spawn()).postMessage({ type: 'job', id, job } satisfies ToWriter);
      }),
    stop: async () => {
      const w = worker;
      worker = undefined;
      if (!w) return exited;
      w.postMessage({ type: 'stop' } satisfies ToWriter);
      await exited;
    },
  };
}
