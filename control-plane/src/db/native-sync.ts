// libSQL's native synchronous API (the `libsql` package, shaped like better-sqlite3) for the Node
// ingest hot path: cached prepared statements and one synchronous write transaction per batch.
// Structural types only: the Node entry opens the connection and passes it in.
export type SyncArg = string | number | null;

export interface SyncStatement {
  /** Called with one array of positional parameters (better-sqlite3 binds an array's elements). */
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  /** Every result row as an array (after `.raw()`) or an object. */
  all(...params: unknown[]): unknown[];
  /** The first result row (one native call: far cheaper than `all` for a single row), or undefined. */
  get(...params: unknown[]): unknown;
  raw(toggle?: boolean): SyncStatement;
}

export interface SyncDatabase {
  prepare(sql: string): SyncStatement;
  exec(sql: string): void;
  close(): void;
}

const CACHE_MAX = 256;

/**
 * The native connection's settings (the bench's insert ceiling uses the same): no fsync per commit
 * in WAL mode, and a 32 MiB page cache, where ingest's index pages stay hot between batches.
 */
export const NATIVE_PRAGMAS = 'PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768';

/** A native connection to the same file as the app's `db`, with a bounded prepared-statement cache. */
export class SyncSql {
  private readonly cache = new Map<string, SyncStatement>();

  constructor(private readonly db: SyncDatabase) {}

  /** The prepared statement for this SQL text (prepared once per connection). */
  stmt(sql: string): SyncStatement {
    let s = this.cache.get(sql);
    if (!s) {
      if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(sql, (s = this.db.prepare(sql)));
    }
    return s;
  }

  /**
   * Runs `fn` in one write transaction. BEGIN IMMEDIATE takes the write lock up front, so writers
   * in other processes (DECNET_WORKERS) queue on the busy timeout instead of failing with
   * SQLITE_BUSY half-way; `fn` is synchronous, so nothing else in this process interleaves.
   */
  write<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const out = fn();
      this.db.exec('COMMIT');
      return out;
    } catch (e) {
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // SQLite already rolled back (e.g. SQLITE_FULL): the original error is the one to report.
      }
      throw e;
    }
  }

  /** Gives this connection's page cache back (SQLite's shrink_memory); its next reads come from the OS's file cache. */
  releaseMemory(): void {
    this.db.exec('PRAGMA shrink_memory');
  }

  close(): void {
    this.cache.clear();
    this.db.close();
  }
}
