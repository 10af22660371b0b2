// Config schema of the mysql template: DECNET's `version` (overrides the persona's server version).
import { z } from 'zod';

export const mysqlConfigSchema = z
  .object({
    /** e.g. "8.0.36-0ubuntu0.22.04.1", "5.7.44-log" or "10.11.6-MariaDB-0+deb12u1". */
    version: z.string().min(1).max(80).regex(/^[0-9][\w.+~-]*$/).optional(),
  })
  .strip();

export type MysqlConfig = z.infer<typeof mysqlConfigSchema>;
