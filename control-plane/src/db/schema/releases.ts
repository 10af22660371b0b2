// Agent releases (issue 19): bundles stored as base64 chunks (portable across libSQL and D1, each row
// under D1's 2 MB limit), signed by the CA key when published, and each host's update target/progress.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const agentReleases = sqliteTable('agent_releases', {
  version: text('version').primaryKey(),
  sha256: text('sha256').notNull(),
  size: integer('size').notNull(),
  status: text('status', { enum: ['uploading', 'ready'] }).notNull(),
  /** base64 P1363 ECDSA signature of releaseSigningMessage(); null until published. */
  signature: text('signature'),
  chunkBytes: integer('chunk_bytes').notNull(),
  notes: text('notes'),
  createdBy: text('created_by').notNull(),
  createdAtMs: integer('created_at_ms').notNull(),
  publishedAtMs: integer('published_at_ms'),
});
export type AgentReleaseRow = typeof agentReleases.$inferSelect;

export const agentReleaseChunks = sqliteTable(
  'agent_release_chunks',
  {
    version: text('version').notNull(),
    idx: integer('idx').notNull(),
    dataB64: text('data_b64').notNull(),
  },
  (t) => [primaryKey({ columns: [t.version, t.idx] })],
);

export const hostUpdates = sqliteTable(
  'host_updates',
  {
    hostId: text('host_id').primaryKey(),
    /** A new id per push or rollback; the agent never retries a push id it rolled back. */
    pushId: text('push_id').notNull(),
    targetVersion: text('target_version').notNull(),
    previousVersion: text('previous_version'),
    phase: text('phase', { enum: ['pending', 'downloading', 'switching', 'healthy', 'rolled_back', 'failed'] }).notNull(),
    reason: text('reason'),
    requestedBy: text('requested_by').notNull(),
    requestedAtMs: integer('requested_at_ms').notNull(),
    updatedAtMs: integer('updated_at_ms').notNull(),
  },
  (t) => [index('host_updates_target_idx').on(t.targetVersion)],
);
export type HostUpdateRow = typeof hostUpdates.$inferSelect;
