// Config of the docker_api template. DECNET declares no keys for it (inventory §1.3); ours: the
// engine `version` the daemon claims (one of versions.ts).
import { z } from 'zod';
import { ENGINE_VERSIONS } from './versions';

export const dockerApiConfigSchema = z
  .object({
    version: z.enum(ENGINE_VERSIONS).optional(),
  })
  .strip();

export type DockerApiConfig = z.infer<typeof dockerApiConfigSchema>;
