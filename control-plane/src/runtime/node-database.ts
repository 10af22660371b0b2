// Node's database: the libSQL client (drizzle, migrated at open) on a local file or a URL and, for a
// local file, libSQL's native connection beside it, the ingest writer thread with the write gate it
// shares with the client, and the WAL checkpoint thread.
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import Database from 'libsql';
import { fileURLToPath } from 'node:url';
import { NATIVE_PRAGMAS, SyncSql } from '../db/native-sync';
import * as schema from '../db/schema';
import type { Db } from '../db/types';
import type { Logger } from '../deps';
import { startIngestWriter, type IngestWriter } from './node-ingest-writer';
import { startWalCheckpointer } from './node-wal-checkpointer';
import { gatedClient, WriteGate } from './node-write-gate';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../drizzle', import.meta.url));

export async function openDatabase(url: string, gate?: WriteGate): Promise<{ client: Client; db: Db }> {
  // One connection for a local file. The client's pool (20 by default) opens another whenever a call
  // starts while one is in flight, and a PRAGMA reaches only the connection it ran on: under load most
  // writes ran on connections with SQLite's defaults, an fsync per commit (synchronous = FULL) and a
  // WAL checkpoint in the committing request. No code holds an interactive transaction, and every
  // call on a local file is synchronous, so one connection serialises nothing that ran in parallel.
  const raw = createClient(url.startsWith('file:') ? { url, timeout: 5000, concurrency: 1 } : { url });
  const client = gate ? gatedClient(raw, gate) : raw;
  if (url.startsWith('file:')) {
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA busy_timeout = 5000');
    await client.execute('PRAGMA synchronous = NORMAL');
  }
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return { client, db };
}

/** The event loop's native connection's page cache when the ingest writer thread has its own. */
const NATIVE_CACHE_BESIDE_WRITER_MIB = 8;

const nativeFile = (url: string) => url.slice('file:'.length).replace(/^\/\/(?=\/)/, '');

/**
 * libSQL's native synchronous connection to a local file (the ingest hot path), beside the client;
 * undefined for `:memory:` and remote URLs. Writers in other processes wait up to 5 s for the lock.
 * `checkpointer: true` leaves WAL checkpoints to a thread of their own (startWalCheckpointer).
 */
export function openNative(url: string, opts: { checkpointer?: boolean; cacheMiB?: number } = {}): SyncSql | undefined {
  if (!url.startsWith('file:')) return undefined;
  const db = new Database(nativeFile(url));
  const cache = opts.cacheMiB === undefined ? '' : `; PRAGMA cache_size = -${opts.cacheMiB * 1024}`;
  db.exec(`PRAGMA busy_timeout = 5000; ${NATIVE_PRAGMAS}${cache}${opts.checkpointer ? '; PRAGMA wal_autocheckpoint = 0' : ''}`);
  return new SyncSql(db);
}

export interface NodeDatabase {
  client: Client;
  db: Db;
  syncSql?: SyncSql;
  ingestWriter?: IngestWriter;
  /** Gives the event loop's connections' page caches back (the idle collection calls it; local files only). */
  releaseMemory?: () => Promise<void>;
  /** Stops the threads, then closes the connections. */
  close(): Promise<void>;
}

/**
 * The control plane's database. For a local file: ingest's write transactions on their own thread
 * (DECNET_INGEST_THREAD=0: on the event loop), with the client's writes gated so the thread cannot
 * starve them, and WAL checkpoints on a thread of their own.
 */
export async function openNodeDatabase(url: string, env: Record<string, string | undefined>, logger: Logger): Promise<NodeDatabase> {
  const gate = url.startsWith('file:') && env.DECNET_INGEST_THREAD !== '0' ? new WriteGate() : undefined;
  const { client, db } = await openDatabase(url, gate);
  // With the writer thread, ingest's index pages stay hot in the thread's own 32 MiB cache; this
  // connection then serves host lookups, the full-text catch-up and identity reads, which at 32 MiB
  // here could keep up to 24 MiB more of pages resident once they had read through the tables.
  const syncSql = openNative(url, { checkpointer: true, ...(gate ? { cacheMiB: NATIVE_CACHE_BESIDE_WRITER_MIB } : {}) });
  if (!syncSql) return { client, db, close: async () => client.close() };
  // The checkpoint thread copies the WAL back: a commit on the client would otherwise run that copy
  // itself once the WAL passed 1,000 pages (always, under ingest), holding the write lock for it.
  await client.execute('PRAGMA wal_autocheckpoint = 0');
  const file = nativeFile(url);
  const ingestWriter = gate ? startIngestWriter(file, (m) => logger.error('ingest writer thread failed', { error: m }), gate.buffer) : undefined;
  const checkpointer = startWalCheckpointer(file, (m) => logger.warn('wal checkpoint failed', { error: m }));
  return {
    client,
    db,
    syncSql,
    ...(ingestWriter ? { ingestWriter } : {}),
    releaseMemory: async () => {
      syncSql.releaseMemory();
      await client.execute('PRAGMA shrink_memory');
    },
    close: async () => {
      await ingestWriter?.stop();
      await checkpointer.stop();
      client.close();
      syncSql.close();
    },
  };
}
