// Attacker sessions: connect to disconnect of one connection (the runner's session_id) on one
// decky and service, with the commands typed in it (bounded).
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const sessions = sqliteTable(
  'sessions',
  {
    /** Deterministic: host, decky, service and the runner's session id. */
    id: text('id').primaryKey(),
    attackerId: text('attacker_id').notNull(),
    srcIp: text('src_ip').notNull(),
    decky: text('decky').notNull(),
    service: text('service').notNull(),
    startedAtMs: integer('started_at_ms').notNull(),
    lastSeenMs: integer('last_seen_ms').notNull(),
    endedAtMs: integer('ended_at_ms'),
    eventCount: integer('event_count').notNull().default(0),
    commandCount: integer('command_count').notNull().default(0),
    /** [{ts, cmd}] in order, at most SESSION_COMMANDS_MAX. */
    commandsJson: text('commands_json').notNull().default('[]'),
  },
  (t) => [index('sessions_attacker_idx').on(t.attackerId, t.startedAtMs), index('sessions_started_idx').on(t.startedAtMs)],
);

export type SessionRow = typeof sessions.$inferSelect;
