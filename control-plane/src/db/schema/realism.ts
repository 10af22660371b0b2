// Realism self-test (issue 17): an admin's request to a host (carried in its desired state until the
// agent answers) and each decky's report as the agent uploaded it (the zod-checked JSON kept whole).
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const selftestRequests = sqliteTable(
  'selftest_requests',
  {
    id: text('id').primaryKey(),
    hostId: text('host_id').notNull(),
    /** JSON array of decky names, null: every decky of the host. */
    deckiesJson: text('deckies_json'),
    requestedBy: text('requested_by'),
    requestedAtMs: integer('requested_at_ms').notNull(),
    /** Set when the agent uploaded the reports for it; the desired state stops carrying it. */
    completedAtMs: integer('completed_at_ms'),
  },
  (t) => [index('selftest_requests_host_idx').on(t.hostId, t.completedAtMs)],
);

export const realismReports = sqliteTable(
  'realism_reports',
  {
    id: text('id').primaryKey(),
    hostId: text('host_id').notNull(),
    deckyName: text('decky_name').notNull(),
    requestId: text('request_id'),
    ranAtMs: integer('ran_at_ms').notNull(),
    passed: integer('passed', { mode: 'boolean' }).notNull(),
    failedChecks: integer('failed_checks').notNull(),
    /** RealismReport (protocol) as JSON; attacker text inside is escaped by every view. */
    reportJson: text('report_json').notNull(),
    receivedAtMs: integer('received_at_ms').notNull(),
  },
  (t) => [index('realism_reports_decky_idx').on(t.deckyName, t.ranAtMs)],
);

export type RealismReportRow = typeof realismReports.$inferSelect;
