// Topologies (MazeNET, issue 11): the topology row (status lifecycle, optimistic `version`), its LANs,
// the decky↔LAN edges (a decky's homes, in order: the first gives its flat address), queued
// mutation batches and the audited status transitions. Topology deckies are rows of `deckies`.
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const topologies = sqliteTable(
  'topologies',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull().unique(),
    hostId: text('host_id').notNull(),
    status: text('status', { enum: ['pending', 'deploying', 'active', 'degraded', 'failed', 'tearing_down', 'torn_down'] }).notNull(),
    statusReason: text('status_reason'),
    /** Every accepted mutation batch increments it (optimistic concurrency). */
    version: integer('version').notNull().default(0),
    /** What the agent last reported it realised; null before any report. */
    appliedVersion: integer('applied_version'),
    /** The agent's last report: 1 isolated networks, 0 loopback ranges (local runtime). */
    isolated: integer('isolated', { mode: 'boolean' }),
    /** Ever deployed (a never-deployed topology may be deleted without a teardown). */
    deployedAtMs: integer('deployed_at_ms'),
    createdAtMs: integer('created_at_ms').notNull(),
    updatedAtMs: integer('updated_at_ms').notNull(),
  },
  (t) => [index('topologies_host_idx').on(t.hostId)],
);
export type TopologyRow = typeof topologies.$inferSelect;

export const topologyLans = sqliteTable(
  'topology_lans',
  {
    id: text('id').primaryKey(),
    topologyId: text('topology_id').notNull(),
    name: text('name').notNull(),
    subnet: text('subnet').notNull(),
    dmz: integer('dmz', { mode: 'boolean' }).notNull(),
    posX: real('pos_x').notNull().default(0),
    posY: real('pos_y').notNull().default(0),
    /** Order of the LAN in the topology body. */
    ord: integer('ord').notNull().default(0),
  },
  (t) => [uniqueIndex('topology_lans_name_idx').on(t.topologyId, t.name)],
);
export type TopologyLanRow = typeof topologyLans.$inferSelect;

/** One home of a decky: the edge between it and a LAN, with its address there. */
export const topologyEdges = sqliteTable(
  'topology_edges',
  {
    topologyId: text('topology_id').notNull(),
    deckyId: text('decky_id').notNull(),
    lan: text('lan').notNull(),
    ip: text('ip').notNull(),
    ord: integer('ord').notNull(),
  },
  (t) => [uniqueIndex('topology_edges_decky_lan_idx').on(t.deckyId, t.lan), index('topology_edges_topology_idx').on(t.topologyId)],
);
export type TopologyEdgeRow = typeof topologyEdges.$inferSelect;

export const topologyMutations = sqliteTable(
  'topology_mutations',
  {
    id: text('id').primaryKey(),
    topologyId: text('topology_id').notNull(),
    opsJson: text('ops_json').notNull(),
    trigger: text('trigger').notNull(),
    /** Username of the admin who made the batch (null for rows from before migration 0012). */
    actor: text('actor'),
    baseVersion: integer('base_version').notNull(),
    resultVersion: integer('result_version').notNull(),
    status: text('status', { enum: ['pending', 'applying', 'applied', 'failed'] }).notNull(),
    error: text('error'),
    /** Per op, the deckies it touched (JSON string[][]): their `decky_mutated` events. */
    affectedJson: text('affected_json').notNull().default('[]'),
    createdAtMs: integer('created_at_ms').notNull(),
    appliedAtMs: integer('applied_at_ms'),
  },
  // Unique per result version: of two batches made against the same version only one can commit.
  (t) => [uniqueIndex('topology_mutations_version_idx').on(t.topologyId, t.resultVersion)],
);
export type TopologyMutationRow = typeof topologyMutations.$inferSelect;

export const topologyStatusEvents = sqliteTable(
  'topology_status_events',
  {
    id: text('id').primaryKey(),
    topologyId: text('topology_id').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
    atMs: integer('at_ms').notNull(),
  },
  (t) => [index('topology_status_events_topology_idx').on(t.topologyId, t.atMs)],
);
export type TopologyStatusEventRow = typeof topologyStatusEvents.$inferSelect;
