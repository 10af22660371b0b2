// Config schema of the rdp template: DECNET's `nla` (require Network Level Authentication, i.e.
// CredSSP; default: on for Windows personas, off for an xrdp host).
import { z } from 'zod';

const bool = z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])]));

export const rdpConfigSchema = z
  .object({
    nla: bool.optional().transform((v) => (v === undefined ? undefined : v === true || v === 'true' || v === '1' || v === 'yes' || v === 'on')),
  })
  .strip();

export type RdpConfig = z.infer<typeof rdpConfigSchema>;
