// Node: one writer at a time between the event loop and the ingest writer thread. Under ingest load
// the thread commits back to back, and the event loop's writes on its client (webhook ticks,
// identity runs, dashboard edits) failed with SQLITE_BUSY, often at once and without waiting out
// the busy timeout, sometimes leaving the pooled connection unable to commit. So the two take turns
// on a lock in shared memory before SQLite's: the event loop waits for it asynchronously, the thread
// blocks; and while the event loop waits, the thread starts no new transaction (no starvation).
// Writers in other processes (DECNET_WORKERS) still meet SQLite's lock and its busy timeout.
import type { Client, InArgs, InStatement, TransactionMode } from '@libsql/client';

// Node 16+ has Atomics.waitAsync; TypeScript's lib here does not declare it yet.
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, ms: number): { value: Promise<string> | string } }).waitAsync;

const LOCK = 0;
const WAITING = 1;
const WAIT_MS = 100;

export class WriteGate {
  readonly buffer = new SharedArrayBuffer(8);
  private readonly word = new Int32Array(this.buffer);

  /** Runs `fn` (a write on the client) holding the lock; waits for it without blocking the event loop. */
  async hold<T>(fn: () => Promise<T>): Promise<T> {
    Atomics.add(this.word, WAITING, 1);
    try {
      while (Atomics.compareExchange(this.word, LOCK, 0, 1) !== 0) await waitAsync(this.word, LOCK, 1, WAIT_MS).value;
    } finally {
      Atomics.sub(this.word, WAITING, 1);
    }
    try {
      return await fn();
    } finally {
      Atomics.store(this.word, LOCK, 0);
      Atomics.notify(this.word, LOCK);
    }
  }
}

/** Writer thread: runs `fn` holding the lock, after any write the event loop is waiting to do. */
export function withGate<T>(buffer: SharedArrayBuffer, fn: () => T): T {
  const word = new Int32Array(buffer);
  for (;;) {
    for (let v = Atomics.load(word, WAITING); v > 0; v = Atomics.load(word, WAITING)) Atomics.wait(word, WAITING, v, WAIT_MS);
    if (Atomics.compareExchange(word, LOCK, 0, 1) === 0) break;
    Atomics.wait(word, LOCK, 1, WAIT_MS);
  }
  try {
    return fn();
  } finally {
    Atomics.store(word, LOCK, 0);
    Atomics.notify(word, LOCK);
  }
}

const sqlOf = (s: InStatement | string) => (typeof s === 'string' ? s : s.sql);
const isRead = (s: InStatement | string) => /^\s*select\b/i.test(sqlOf(s));

/**
 * The client with its writes behind the gate. A batch that writes runs as a write transaction
 * (BEGIN IMMEDIATE); a batch of reads only runs deferred: it needs no lock.
 */
export function gatedClient(client: Client, gate: WriteGate): Client {
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'batch') {
        return (stmts: InStatement[], mode: TransactionMode = 'deferred') =>
          mode === 'read' || stmts.every(isRead) ? target.batch(stmts, mode === 'write' ? 'deferred' : mode) : gate.hold(() => target.batch(stmts, 'write'));
      }
      if (prop === 'execute') {
        return (stmt: InStatement | string, args?: InArgs) => {
          const run = () => (typeof stmt === 'string' ? target.execute(stmt, args) : target.execute(stmt));
          return isRead(stmt) ? run() : gate.hold(run);
        };
      }
      if (prop === 'executeMultiple') return (sql: string) => gate.hold(() => target.executeMultiple(sql));
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
