// Remote control of the fleet (issue 19): commands sent to an agent through its desired state and
// acknowledged by it (pending -> done | failed), and fleet-wide settings (default rotation interval).
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const fleetCommands = sqliteTable(
  'fleet_commands',
  {
    id: text('id').primaryKey(),
    hostId: text('host_id').notNull(),
    /** 'worker' (action stop|start|restart on a worker), 'rotate' or 'reset_decky' (target is a decky). */
    kind: text('kind', { enum: ['worker', 'rotate', 'reset_decky'] }).notNull(),
    target: text('target').notNull(),
    action: text('action').notNull(),
    status: text('status', { enum: ['pending', 'done', 'failed'] }).notNull(),
    error: text('error'),
    /** What the agent reported doing (e.g. the decky's new services), bounded. */
    result: text('result'),
    createdBy: text('created_by').notNull(),
    createdAtMs: integer('created_at_ms').notNull(),
    ackedAtMs: integer('acked_at_ms'),
  },
  (t) => [index('fleet_commands_host_status_idx').on(t.hostId, t.status, t.createdAtMs)],
);

export type FleetCommandRow = typeof fleetCommands.$inferSelect;

export const fleetSettings = sqliteTable('fleet_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAtMs: integer('updated_at_ms').notNull(),
});
