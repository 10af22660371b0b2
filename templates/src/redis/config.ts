// Config schema of the redis template: DECNET's `version` and `os_string` plus a requirepass-like
// `password` and the bulk/argument bounds of the RESP parser.
import { z } from 'zod';

export const redisConfigSchema = z
  .object({
    /** Overrides the persona's redis version (DECNET key). */
    version: z.string().regex(/^\d+\.\d+\.\d+$/).optional(),
    /** Overrides INFO's os line (DECNET key). */
    os_string: z.string().max(200).optional(),
    /** Like requirepass: when set, commands need AUTH first. */
    password: z.string().max(512).optional(),
    max_bulk_bytes: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(512 * 1024),
    /** `decky` (default): connections share one keyspace, as on a real server; `session`: isolated. */
    keyspace: z.enum(['decky', 'session']).default('decky'),
    max_args: z.coerce.number().int().min(16).max(1024 * 1024).default(1024),
  })
  .strip();

export type RedisConfig = z.infer<typeof redisConfigSchema>;
