// Single-use, expiring enrollment tokens; only their SHA-256 is stored.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const enrollmentTokens = sqliteTable('enrollment_tokens', {
  id: text('id').primaryKey(),
  tokenHash: text('token_hash').notNull().unique(),
  hostName: text('host_name').notNull(),
  createdBy: text('created_by').notNull(),
  createdAtMs: integer('created_at_ms').notNull(),
  expiresAtMs: integer('expires_at_ms').notNull(),
  usedAtMs: integer('used_at_ms'),
  hostId: text('host_id'),
  /** Site label the enrolled host starts with. */
  site: text('site'),
});
