// The agent config's `local` section (the local runtime): how many deckies share one runner process.
// 1 is a process per decky (full isolation); more share one Node's baseline memory (~40 MB), and
// one crashing decky takes its group down until the agent restarts it.
import { z } from 'zod';
import { DEFAULT_DECKIES_PER_RUNNER, MAX_DECKIES_PER_RUNNER } from './runner-pool';

export const LocalRuntimeConfigSchema = z.object({
  deckiesPerRunner: z.number().int().min(1).max(MAX_DECKIES_PER_RUNNER).default(DEFAULT_DECKIES_PER_RUNNER),
});

export type LocalRuntimeConfig = z.infer<typeof LocalRuntimeConfigSchema>;
