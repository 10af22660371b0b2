// Dashboard/API users: credentials, role and the token version that revokes issued JWTs.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ['admin', 'viewer'] }).notNull(),
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(true),
  /** Bumped on logout and password change; JWTs carrying an older value are refused. */
  tokenVersion: integer('token_version').notNull().default(0),
  createdAtMs: integer('created_at_ms').notNull(),
  updatedAtMs: integer('updated_at_ms').notNull(),
  lastLoginAtMs: integer('last_login_at_ms'),
});

export type UserRow = typeof users.$inferSelect;
