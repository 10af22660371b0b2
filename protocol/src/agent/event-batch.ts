// Event upload (DESIGN §2.3): the agent POSTs spooled events in batches; ingest is idempotent
// on event id, so a retried batch reports the already-stored ones as duplicates.
import { z } from 'zod';
import { ServiceEventSchema } from '../events/event';

export const EVENT_BATCH_MAX = 5000;

export const EventBatchSchema = z.object({
  events: z.array(ServiceEventSchema).min(1).max(EVENT_BATCH_MAX),
});
export type EventBatch = z.infer<typeof EventBatchSchema>;

export const EventBatchResponseSchema = z.object({
  /** Newly stored events. */
  accepted: z.number().int().nonnegative(),
  /** Events whose id was already stored (a retry). accepted + duplicates = batch size. */
  duplicates: z.number().int().nonnegative(),
});
export type EventBatchResponse = z.infer<typeof EventBatchResponseSchema>;
