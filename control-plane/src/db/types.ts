// The database handle the services use: any async SQLite dialect driver of drizzle (libSQL, D1).
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema';

/** Both drivers also run a list of statements atomically in one round trip (`batch`). */
export type Db = BaseSQLiteDatabase<'async', unknown, typeof schema> & Pick<LibSQLDatabase<typeof schema>, 'batch'>;
