// Config schema of the mongodb template. DECNET declares no keys for mongodb (inventory §1.3);
// `version` is ours, like mysql's: it overrides the persona's mongod release.
import { z } from 'zod';

export const mongodbConfigSchema = z
  .object({
    /** A mongod release, e.g. "7.0.2" or "4.4.13" (decides wire version and legacy OP_QUERY support). */
    version: z.string().min(5).max(16).regex(/^\d{1,2}\.\d{1,2}\.\d{1,3}$/).optional(),
  })
  .strip();

export type MongodbConfig = z.infer<typeof mongodbConfigSchema>;
