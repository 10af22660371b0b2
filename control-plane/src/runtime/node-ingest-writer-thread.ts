// The ingest writer thread's entry: its own native connection to the database file, applying the
// planned ingest jobs the event loop posts (node-ingest-writer.ts), one write transaction each, in
// the order they arrive, each holding the lock it shares with the event loop's writes
// (node-write-gate.ts). WAL checkpoints stay with the checkpoint thread. Once jobs stop for
// IDLE_MS, the thread gives its burst's memory back: a memory-reducing GC (its young generation grows
// to 16 MB under ingest), SQLite's page cache (up to 32 MiB, re-read from the OS's file cache by the
// next job) and malloc's free pages (DECNET_IDLE_GC=0 leaves it all to V8 and SQLite, as on the event loop).
import Database from 'libsql';
import { parentPort, workerData } from 'node:worker_threads';
import { NATIVE_PRAGMAS, SyncSql, type SyncDatabase } from '../db/native-sync';
import { applyNativeIngest, type NativeIngestJob } from '../services/agent/ingest-native-apply';
import { memoryRelease } from './node-idle-gc';
import type { FromWriter, ToWriter } from './node-ingest-writer';
import { withGate } from './node-write-gate';

const port = parentPort!;
const { file, gate } = workerData as { file: string; gate: SharedArrayBuffer };
const db = new Database(file) as unknown as SyncDatabase;
db.exec(`PRAGMA busy_timeout = 5000; ${NATIVE_PRAGMAS}; PRAGMA wal_autocheckpoint = 0`);
const sql = new SyncSql(db);

const IDLE_MS = 2000;
let stopped = false;
const giveMemoryBack =
  process.env.DECNET_IDLE_GC === '0'
    ? null
    : memoryRelease(() => {
        if (!stopped) sql.releaseMemory();
      });
let idle: NodeJS.Timeout | undefined;

port.on('message', (m: ToWriter) => {
  if (m.type === 'stop') {
    stopped = true;
    clearTimeout(idle);
    sql.close();
    port.close();
    return;
  }
  let reply: FromWriter;
  try {
    reply = { id: m.id, out: withGate(gate, () => applyNativeIngest(sql, m.job as NativeIngestJob)) };
  } catch (e) {
    reply = { id: m.id, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
  if (!giveMemoryBack) return;
  clearTimeout(idle);
  idle = setTimeout(() => void giveMemoryBack(), IDLE_MS);
  idle.unref();
});
