// Single-use, short-lived tickets that authenticate an EventSource connection (which cannot send
// an Authorization header) without putting a long-lived token in the URL.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const streamTickets = sqliteTable('stream_tickets', {
  ticketHash: text('ticket_hash').primaryKey(),
  userId: text('user_id').notNull(),
  expiresAtMs: integer('expires_at_ms').notNull(),
  usedAtMs: integer('used_at_ms'),
});
