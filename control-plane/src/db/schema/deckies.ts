// Deckies: the desired state an admin asked for and the state the host agent last reported.
import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const deckies = sqliteTable(
  'deckies',
  {
    id: text('id').primaryKey(),
    /** Fleet-wide unique: the decky name is the attribution key of every event. */
    name: text('name').notNull().unique(),
    hostId: text('host_id'),
    archetype: text('archetype'),
    servicesJson: text('services_json').notNull(),
    serviceConfigJson: text('service_config_json').notNull().default('{}'),
    nmapOs: text('nmap_os'),
    mutateIntervalMin: integer('mutate_interval_min'),
    ip: text('ip'),
    reportedState: text('reported_state'),
    reportedServicesJson: text('reported_services_json'),
    reportedError: text('reported_error'),
    reportedAtMs: integer('reported_at_ms'),
    /** Set for a topology's decky (its LAN homes are topology_edges rows); null in the flat fleet. */
    topologyId: text('topology_id'),
    /** IP forwarding between its LANs (topology deckies only). */
    forwards: integer('forwards', { mode: 'boolean' }).notNull().default(false),
    posX: real('pos_x'),
    posY: real('pos_y'),
    createdAtMs: integer('created_at_ms').notNull(),
    updatedAtMs: integer('updated_at_ms').notNull(),
  },
  (t) => [index('deckies_host_idx').on(t.hostId), index('deckies_topology_idx').on(t.topologyId)],
);

export type DeckyRow = typeof deckies.$inferSelect;
