// Config schema of the postgres template (DECNET has no postgres keys): the password method the
// pg_hba.conf line uses (default from the persona's major), whether SSL is on, and a reject mode.
import { z } from 'zod';

export const postgresConfigSchema = z
  .object({
    /** md5 (PostgreSQL <= 13 default), scram-sha-256 (14+ default) or reject ("no pg_hba.conf entry"). */
    auth: z.enum(['md5', 'scram-sha-256', 'reject']).optional(),
    /** ssl=on in postgresql.conf (Debian/Ubuntu packages ship it with the snakeoil certificate). */
    ssl: z.enum(['on', 'off']).optional(),
    /** SCRAM iteration count (scram_iterations, 4096 by default). */
    scram_iterations: z.coerce.number().int().min(1).max(100_000).default(4096),
  })
  .strip();

export type PostgresConfig = z.infer<typeof postgresConfigSchema>;
