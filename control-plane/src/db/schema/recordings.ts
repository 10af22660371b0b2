// Session recordings (asciinema v2 casts) kept apart from the events table: the base64 pieces the
// sensor uploads as `recording_chunk` events, one row per (session, piece). Not events: not counted,
// listed or folded; deleted by age with their session (maintenance/retention.ts).
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const sessionRecordings = sqliteTable(
  'session_recordings',
  {
    /** sessions.id: `${hostId}/${decky}/${service}/${runner session id}`. */
    sessionId: text('session_id').notNull(),
    /** 0-based piece number; a re-sent piece is the same row (ON CONFLICT DO NOTHING). */
    seq: integer('seq').notNull(),
    /** Pieces in the whole cast, as the sensor announced it. */
    chunks: integer('chunks').notNull(),
    /** Event time of the piece (ms): retention and the per-session age. */
    tsMs: integer('ts_ms').notNull(),
    /** Base64 of at most 3,000 cast bytes (the uplink's field limit is 4,096 characters). */
    data: text('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.seq] }), index('session_recordings_ts_idx').on(t.tsMs)],
);

export type SessionRecordingRow = typeof sessionRecordings.$inferSelect;
