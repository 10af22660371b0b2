// Hourly event counts per decky, service and event type, folded at ingest: the overview's totals,
// top services and long-range histograms read these instead of scanning raw events.
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const eventRollups = sqliteTable(
  'event_rollups',
  {
    hourMs: integer('hour_ms').notNull(),
    decky: text('decky').notNull(),
    service: text('service').notNull(),
    eventType: text('event_type').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.hourMs, t.decky, t.service, t.eventType] })],
);
