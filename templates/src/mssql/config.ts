// Config schema of the mssql template (DECNET has no mssql keys): the version the PRELOGIN
// announces and how the instance treats encryption (SQL Server Configuration Manager's Force Encryption).
import { z } from 'zod';

export const mssqlConfigSchema = z
  .object({
    /** e.g. "15.0.2000" (2019 RTM) or "16.0.1000.6"; default from the persona. */
    version: z.string().regex(/^\d{1,2}\.\d{1,2}\.\d{1,5}(\.\d{1,5})?$/).optional(),
    /** login: TLS for the login only (default); force: Force Encryption = Yes; none: no certificate (ENCRYPT_NOT_SUP). */
    encryption: z.enum(['login', 'force', 'none']).default('login'),
  })
  .strip();

export type MssqlConfig = z.infer<typeof mssqlConfigSchema>;
