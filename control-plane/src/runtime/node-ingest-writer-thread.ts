// The ingest writer thread's entry: its own native connection to the database file, applying the
// planned ingest jobs the event loop posts (node-ingest-writer.ts) in the order they arrive. Jobs
// that queued up while a transaction ran are applied together in the next one (group commit, up to
// GROUP_MAX_ROWS), each transaction holding the lock it shares with the event loop's writes
// (node-write-gate.ts). WAL checkpoints stay with the checkpoint thread.
import Database from 'libsql';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { NATIVE_PRAGMAS, SyncSql, type SyncDatabase } from '../db/native-sync';
import { applyNativeIngestGroup, type NativeIngestJob } from '../services/agent/ingest-native-apply';
import type { FromWriter, ToWriter } from './node-ingest-writer';
import { withGate } from './node-write-gate';

/**
 * Rows (events and recording pieces) one group transaction may take beyond its first job. Bounds
 * how long the event loop's own writes (heartbeats, webhook ticks) can wait for the lock.
 */
const GROUP_MAX_ROWS = 10_000;

const port = parentPort!;
const { file, gate } = workerData as { file: string; gate: SharedArrayBuffer };
const db = new Database(file) as unknown as SyncDatabase;
db.exec(`PRAGMA busy_timeout = 5000; ${NATIVE_PRAGMAS}; PRAGMA wal_autocheckpoint = 0`);
const sql = new SyncSql(db);

type JobMessage = Extract<ToWriter, { type: 'job' }>;
const queue: JobMessage[] = [];
let stopping = false;

const rowsOf = (m: JobMessage) => Math.max(1, m.job.rows.length + m.job.pieces.length);

function take(m: ToWriter): void {
  if (m.type === 'stop') stopping = true;
  else queue.push(m);
}

/** Everything posted so far (receiveMessageOnPort takes a message without its 'message' event). */
function pull(): void {
  for (let r = receiveMessageOnPort(port); r; r = receiveMessageOnPort(port)) take(r.message as ToWriter);
}

function drain(): void {
  for (pull(); queue.length > 0; pull()) {
    const group = [queue.shift()!];
    let rows = rowsOf(group[0]!);
    while (queue.length > 0 && rows + rowsOf(queue[0]!) <= GROUP_MAX_ROWS) {
      rows += rowsOf(queue[0]!);
      group.push(queue.shift()!);
    }
    const results = withGate(gate, () => applyNativeIngestGroup(sql, group.map((m) => m.job as NativeIngestJob)));
    group.forEach((m, i) => port.postMessage({ id: m.id, ...results[i]! } satisfies FromWriter));
  }
  if (stopping) {
    sql.close();
    port.close();
  }
}

port.on('message', (m: ToWriter) => {
  take(m);
  drain();
});
