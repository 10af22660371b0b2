// Node: one writer at a time between the event loop and the ingest writer thread. Under ingest load
// the thread commits back to back, and the event loop's writes on its client (webhook ticks,
// identity runs, dashboard edits) failed with SQLITE_BUSY, often at once and without waiting out
// the busy timeout, sometimes leaving the pooled connection unable to commit. So the two take turns
// on a lock in shared memory before SQLite's: the event loop waits for it asynchronously, the thread
// blocks; and while the event loop waits, the thread holds back its next transaction (bounded).
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

  /**
   * Runs `fn` (a write on the client) holding the lock; waits for it without blocking the event loop.
   * The lock is taken at the start of a macrotask and `fn` called at once, so the write runs with no
   * other work queued ahead of it: taken mid-turn, the lock stayed held while every queued
   * continuation (other requests' parsing and planning) ran first, and the writer thread waited.
   */
  async hold<T>(fn: () => Promise<T>): Promise<T> {
    Atomics.add(this.word, WAITING, 1);
    let waiting = true;
    const done = () => {
      if (waiting) Atomics.sub(this.word, WAITING, 1);
      waiting = false;
    };
    try {
      for (;;) {
        const run = await new Promise<Promise<T> | undefined>((ok) =>
          setImmediate(() => {
            if (Atomics.compareExchange(this.word, LOCK, 0, 1) !== 0) return ok(undefined);
            done();
            ok(
              fn().finally(() => {
                Atomics.store(this.word, LOCK, 0);
                Atomics.notify(this.word, LOCK);
              }),
            );
          }),
        );
        if (run) return await run;
        await waitAsync(this.word, LOCK, 1, WAIT_MS).value;
      }
    } finally {
      done();
    }
  }
}

/**
 * How long the writer thread lets the event loop's waiting writes go first, at most, per transaction.
 * A busy event loop takes a while to come round to its write, and the thread idles meanwhile: at
 * 50 ms, a fleet's heartbeats (30 a second at 1,000 agents) kept it waiting a quarter of its time.
 */
const YIELD_MAX_MS = 10;

/**
 * Writer thread: runs `fn` holding the lock, after the writes the event loop is waiting to do (for at
 * most YIELD_MAX_MS: a steady stream of them must not starve ingest either).
 */
export function withGate<T>(buffer: SharedArrayBuffer, fn: () => T): T {
  const word = new Int32Array(buffer);
  const until = performance.now() + YIELD_MAX_MS;
  for (;;) {
    for (let v = Atomics.load(word, WAITING); v > 0 && performance.now() < until; v = Atomics.load(word, WAITING)) Atomics.wait(word, WAITING, v, 5);
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
