// Fixed-window login attempt counters, keyed by client address or username. Kept in the database so
// the limit holds across many stateless control-plane instances.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const loginAttempts = sqliteTable('login_attempts', {
  key: text('key').primaryKey(),
  windowStartMs: integer('window_start_ms').notNull(),
  count: integer('count').notNull(),
});
