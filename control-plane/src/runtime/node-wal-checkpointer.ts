// Node: WAL checkpoints off the event loop. The ingest connection turns its automatic checkpoint
// off; a worker thread with its own native connection copies the WAL into the database file (and
// pays its fsync) every CHECKPOINT_INTERVAL_MS with PASSIVE checkpoints, which never block writers
// or readers. The other connections keep SQLite's automatic checkpoint as a backstop.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export const CHECKPOINT_INTERVAL_MS = 250;

// CommonJS source for an eval worker: it loads libsql by absolute path (the bundle's own
// node_modules), so it does not depend on the directory the process was started from.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.libsql);
const db = new Database(workerData.file);
db.exec('PRAGMA busy_timeout = 1000');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const timer = setInterval(() => {
  try { checkpoint.all(); } catch (e) { parentPort.postMessage(String(e && e.message || e)); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); process.exit(0); });
`;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

/** Starts the checkpoint thread for a local database file; `onError` gets failed checkpoints (e.g. busy). */
export function startWalCheckpointer(file: string, onError: (message: string) => void, intervalMs = CHECKPOINT_INTERVAL_MS): WalCheckpointer {
  const libsql = createRequire(import.meta.url).resolve('libsql');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, libsql, intervalMs } });
  worker.on('message', (m: string) => onError(m));
  worker.on('error', (e) => onError(e.message));
  const exited = new Promise<void>((ok) => worker.once('exit', () => ok()));
  worker.unref();
  return {
    stop: () => {
      worker.postMessage('stop');
      return exited;
    },
  };
}
