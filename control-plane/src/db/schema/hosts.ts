// Sensor hosts running the host agent; identified only by their pinned client-certificate fingerprint.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const hosts = sqliteTable('hosts', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  /** SHA-256 of the DER client certificate, lowercase hex; null until enrollment completes. */
  certFingerprint: text('cert_fingerprint').unique(),
  status: text('status', { enum: ['pending', 'active', 'decommissioned'] }).notNull(),
  agentVersion: text('agent_version'),
  lastHeartbeatAtMs: integer('last_heartbeat_at_ms'),
  /** Last heartbeat body (worker health, decky states, spool counters) as JSON. */
  heartbeatJson: text('heartbeat_json'),
  /** Bumped whenever the host's desired deckies change; agents long-poll on it. */
  desiredVersion: integer('desired_version').notNull().default(0),
  /** Per-host prober switch sent in the desired state; null: the agent's own config decides. */
  proberEnabled: integer('prober_enabled', { mode: 'boolean' }),
  createdAtMs: integer('created_at_ms').notNull(),
  decommissionedAtMs: integer('decommissioned_at_ms'),
  /** Free-form site label (set at enrollment-token creation, editable); hosts are grouped and filtered by it. */
  site: text('site'),
  /** Deployment limit: at most this many deckies on the host (null: no limit). */
  maxDeckies: integer('max_deckies'),
  /** Per-host default rotation interval for deckies without their own (null: the fleet default). */
  rotationIntervalMin: integer('rotation_interval_min'),
  /** When the decommissioned host's agent confirmed it tore down and forgot its identity. */
  decommissionAckedAtMs: integer('decommission_acked_at_ms'),
}, (t) => [index('hosts_site_idx').on(t.site)]);

export type HostRow = typeof hosts.$inferSelect;
