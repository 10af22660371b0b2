// Config schema of the vnc template (DECNET declares no keys for vnc; these are ours): the RFB
// version offered and TigerVNC's BlacklistThreshold / BlacklistTimeout lock-out parameters.
import { z } from 'zod';

export const vncConfigSchema = z
  .object({
    /** RFB version the server announces; default from the persona (3.8). */
    version: z.enum(['3.3', '3.7', '3.8']).optional(),
    /** Connections from one address before it is locked out (TigerVNC BlacklistThreshold, 5); 0 disables. */
    blacklist_threshold: z.coerce.number().int().min(0).max(10_000).optional(),
    /** First lock-out in seconds, doubling on each further lock-out (TigerVNC BlacklistTimeout, 10). */
    blacklist_timeout_s: z.coerce.number().int().min(1).max(86_400).optional(),
  })
  .strip();

export type VncConfig = z.infer<typeof vncConfigSchema>;
