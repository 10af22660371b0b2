// Config of the elasticsearch template. DECNET declares no keys for it (inventory §1.3); these are
// ours: the claimed `version`, `cluster_name`, `node_name`, whether `security` (X-Pack auth) is on,
// and the `password` of the `elastic` user that unlocks the bait data when security is on.
import { z } from 'zod';
import { ES_VERSION_NUMBERS } from './versions';

const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'])]).transform((v) => v === true || v === 'true' || v === '1' || v === 'on' || v === 'yes');
const name = z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);

export const elasticsearchConfigSchema = z
  .object({
    version: z.enum(ES_VERSION_NUMBERS).optional(),
    cluster_name: name.optional(),
    node_name: name.optional(),
    security: bool.optional(),
    password: z.string().min(1).max(128).optional(),
  })
  .strip();

export type ElasticsearchConfig = z.infer<typeof elasticsearchConfigSchema>;
