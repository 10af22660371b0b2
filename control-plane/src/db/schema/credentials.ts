// Captured credentials, deduplicated by (sha256 of the secret, kind, principal), and reuse findings:
// the same credential tried on two or more deckies or services.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const credentials = sqliteTable(
  'credentials',
  {
    id: text('id').primaryKey(),
    secretSha256: text('secret_sha256').notNull(),
    kind: text('kind').notNull(),
    principal: text('principal').notNull(),
    secretPrintable: text('secret_printable').notNull(),
    secretB64: text('secret_b64').notNull(),
    /** 'success' once any attempt succeeded, else the last outcome seen. */
    outcome: text('outcome'),
    attempts: integer('attempts').notNull().default(0),
    firstSeenMs: integer('first_seen_ms').notNull(),
    lastSeenMs: integer('last_seen_ms').notNull(),
    /** ["decky/service", ...] */
    targetsJson: text('targets_json').notNull().default('[]'),
    attackerIpsJson: text('attacker_ips_json').notNull().default('[]'),
  },
  (t) => [
    uniqueIndex('credentials_key_idx').on(t.secretSha256, t.kind, t.principal),
    index('credentials_last_seen_idx').on(t.lastSeenMs),
  ],
);

export const credentialReuse = sqliteTable(
  'credential_reuse',
  {
    /** Same id as the credential row it is about. */
    id: text('id').primaryKey(),
    secretSha256: text('secret_sha256').notNull(),
    kind: text('kind').notNull(),
    principal: text('principal').notNull(),
    secretPrintable: text('secret_printable').notNull(),
    targetCount: integer('target_count').notNull(),
    attempts: integer('attempts').notNull(),
    targetsJson: text('targets_json').notNull(),
    attackerIpsJson: text('attacker_ips_json').notNull(),
    firstSeenMs: integer('first_seen_ms').notNull(),
    lastSeenMs: integer('last_seen_ms').notNull(),
    detectedAtMs: integer('detected_at_ms').notNull(),
  },
  (t) => [index('credential_reuse_last_seen_idx').on(t.lastSeenMs)],
);

export type CredentialRow = typeof credentials.$inferSelect;
export type CredentialReuseRow = typeof credentialReuse.$inferSelect;
