// The database handle the services use: any async SQLite dialect driver of drizzle (libSQL, D1).
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema';

export type Db = BaseSQLiteDatabase<'async', unknown, typeof schema>;
