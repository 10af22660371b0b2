// Files attackers pushed (scp/sftp/ftp uploads, mail bodies): metadata only; the bytes stay with
// the sensor that captured them.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const artifacts = sqliteTable(
  'artifacts',
  {
    /** The id of the event that reported the capture. */
    id: text('id').primaryKey(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    name: text('name'),
    decky: text('decky').notNull(),
    service: text('service').notNull(),
    attackerId: text('attacker_id'),
    srcIp: text('src_ip'),
    storedAs: text('stored_as'),
    tsMs: integer('ts_ms').notNull(),
  },
  (t) => [index('artifacts_attacker_idx').on(t.attackerId), index('artifacts_sha256_idx').on(t.sha256)],
);

export type ArtifactRow = typeof artifacts.$inferSelect;
