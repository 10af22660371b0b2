// Response and request shapes of the fleet-control API (issue 19): commands to an agent and their
// pending/done/failed state, fleet and per-host settings (site, deployment limit, rotation), and
// worker health per host (ok / stale / unknown from the heartbeats).
import { z } from 'zod';
import { WorkerNameSchema, WorkerStatusSchema } from '../bus/health';
import { DeckyNameSchema, MUTATE_INTERVAL_MAX_MIN } from '../fleet/decky-spec';
import { COMMAND_KINDS, WorkerActionSchema } from '../agent/fleet-control';

/** A site label: what groups hosts on the dashboard and filters lists (`site=`). */
export const SiteLabelSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/, 'site: 1-64 letters, digits, space, dot, underscore or hyphen');

export const RotationIntervalSchema = z.number().int().min(1).max(MUTATE_INTERVAL_MAX_MIN);

export const FleetCommandRequestSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('worker'), worker: WorkerNameSchema, action: WorkerActionSchema }),
    z.strictObject({ kind: z.literal('rotate'), decky: DeckyNameSchema }),
    z.strictObject({ kind: z.literal('reset_decky'), decky: DeckyNameSchema }),
  ])
  .meta({ id: 'FleetCommandRequest' });
export type FleetCommandRequest = z.infer<typeof FleetCommandRequestSchema>;

export const COMMAND_STATUSES = ['pending', 'done', 'failed'] as const;

export const FleetCommandViewSchema = z
  .object({
    id: z.string(),
    hostId: z.string(),
    kind: z.enum(COMMAND_KINDS),
    /** The worker or decky name. */
    target: z.string(),
    /** stop | start | restart for workers, rotate or reset for deckies. */
    action: z.string(),
    status: z.enum(COMMAND_STATUSES),
    error: z.string().nullable(),
    result: z.string().nullable(),
    createdAt: z.string(),
    ackedAt: z.string().nullable(),
  })
  .meta({ id: 'FleetCommand' });
export type FleetCommandView = z.infer<typeof FleetCommandViewSchema>;

export const FleetCommandListSchema = z.object({ items: z.array(FleetCommandViewSchema) }).meta({ id: 'FleetCommandList' });

export const FleetSettingsSchema = z
  .object({ defaultRotationIntervalMin: RotationIntervalSchema.nullable() })
  .meta({ id: 'FleetSettings' });
export type FleetSettings = z.infer<typeof FleetSettingsSchema>;
export const FleetSettingsUpdateSchema = z.strictObject({ defaultRotationIntervalMin: RotationIntervalSchema.nullable() });

/** PATCH /hosts/{id}/settings: each key optional, null clears it. */
export const HostSettingsUpdateSchema = z
  .strictObject({
    site: SiteLabelSchema.nullable().optional(),
    maxDeckies: z.number().int().min(0).max(4096).nullable().optional(),
    rotationIntervalMin: RotationIntervalSchema.nullable().optional(),
  })
  .meta({ id: 'HostSettingsUpdate' });
export type HostSettingsUpdate = z.infer<typeof HostSettingsUpdateSchema>;

export const WORKER_LIVENESS = ['ok', 'stale', 'unknown'] as const;

export const WorkerHealthSchema = z
  .object({
    name: z.string(),
    /** ok: heard within 90 s; stale: older; unknown: never reported. */
    liveness: z.enum(WORKER_LIVENESS),
    status: WorkerStatusSchema.nullable(),
    state: z.string().nullable(),
    restarts: z.number().nullable(),
    lastError: z.string().nullable(),
    lastSeenAt: z.string().nullable(),
  })
  .meta({ id: 'WorkerHealth' });
export type WorkerHealth = z.infer<typeof WorkerHealthSchema>;

export const HostWorkersSchema = z
  .object({
    hostId: z.string(),
    hostName: z.string(),
    site: z.string().nullable(),
    hostStatus: z.string(),
    busConnected: z.boolean().nullable(),
    reportedAt: z.string().nullable(),
    workers: z.array(WorkerHealthSchema),
    /** Commands still waiting for the agent. */
    pendingCommands: z.number(),
  })
  .meta({ id: 'HostWorkers' });
export type HostWorkers = z.infer<typeof HostWorkersSchema>;
export const HostWorkersListSchema = z.object({ items: z.array(HostWorkersSchema) }).meta({ id: 'HostWorkersList' });

/** `site=` and `host=` filters shared by the attackers, events, credentials and overview endpoints. */
export const ScopeQueryShape = {
  site: SiteLabelSchema.optional(),
  host: z.string().uuid().optional(),
};
