// Worker health and control payloads (inventory §3.1): each worker publishes health every
// 30 s on system/<worker>/health; it counts as ok when heard within 90 s.
import { z } from 'zod';

export const HEALTH_INTERVAL_MS = 30_000;
export const HEALTH_STALE_AFTER_MS = 90_000;

export const WORKER_STATUSES = ['ok', 'degraded', 'stopped'] as const;
export const WorkerStatusSchema = z.enum(WORKER_STATUSES);
export type WorkerStatus = z.infer<typeof WorkerStatusSchema>;

export const WorkerNameSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'worker name');

export const HealthPayloadSchema = z.object({
  worker: WorkerNameSchema,
  status: WorkerStatusSchema,
  uptimeS: z.number().nonnegative(),
  pid: z.number().int().positive().optional(),
  /** Short human-readable reason when not ok. */
  message: z.string().max(1024).optional(),
  /** Worker-specific counters (lines read, events dropped ...). */
  counters: z.record(z.string().max(64), z.number()).optional(),
});
export type HealthPayload = z.infer<typeof HealthPayloadSchema>;

export const CONTROL_ACTIONS = ['stop', 'start', 'restart'] as const;

export const ControlPayloadSchema = z.object({
  action: z.enum(CONTROL_ACTIONS),
  requestedBy: z.string().min(1).max(128),
});
export type ControlPayload = z.infer<typeof ControlPayloadSchema>;

/** Liveness as the worker registry sees it: `ok` if heard recently, else `stale`. */
export function workerLiveness(lastSeenMs: number | null, nowMs: number): 'ok' | 'stale' | 'unknown' {
  if (lastSeenMs === null) return 'unknown';
  return nowMs - lastSeenMs <= HEALTH_STALE_AFTER_MS ? 'ok' : 'stale';
}
