// Raw service events. The primary key is the event's globally unique id, which makes ingest
// idempotent: a batch delivered twice stores each event once. Every list filter has an index led
// by its column then ts_ms (checked by the planner test); the `q` filter uses the events_fts FTS5
// table, kept in sync by triggers (migration 0003).
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    hostId: text('host_id'),
    tsMs: integer('ts_ms').notNull(),
    receivedAtMs: integer('received_at_ms').notNull(),
    decky: text('decky').notNull(),
    service: text('service').notNull(),
    eventType: text('event_type').notNull(),
    srcIp: text('src_ip'),
    srcPort: integer('src_port'),
    fieldsJson: text('fields_json').notNull().default('{}'),
    msg: text('msg'),
    raw: text('raw'),
  },
  (t) => [
    index('events_ts_idx').on(t.tsMs),
    index('events_src_ip_ts_idx').on(t.srcIp, t.tsMs),
    index('events_decky_ts_idx').on(t.decky, t.tsMs),
    index('events_service_ts_idx').on(t.service, t.tsMs),
    index('events_event_type_ts_idx').on(t.eventType, t.tsMs),
    index('events_host_ts_idx').on(t.hostId, t.tsMs),
  ],
);

export type EventRow = typeof events.$inferSelect;
