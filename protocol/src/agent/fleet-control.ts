// Remote control through desired state (issue 19): commands the control plane puts in a host's
// desired state (restart/stop/start a worker, rotate a decky now, reset a high-interaction decky to
// its image, issue 18), the agent's acknowledgements,
// and the extra worker health it reports (restarts, last error, bus connection).
import { z } from 'zod';
import { WorkerNameSchema } from '../bus/health';
import { DeckyNameSchema } from '../fleet/decky-spec';

export const WORKER_ACTIONS = ['stop', 'start', 'restart'] as const;
export const WorkerActionSchema = z.enum(WORKER_ACTIONS);
export type WorkerAction = z.infer<typeof WorkerActionSchema>;

/** Workers an admin may not stop remotely: stopping them would cut the only control channel. */
export const UNSTOPPABLE_WORKERS: readonly string[] = ['desired-state', 'heartbeat'];

export const CommandIdSchema = z.string().uuid();

export const FleetCommandSchema = z.discriminatedUnion('kind', [
  z.object({ id: CommandIdSchema, kind: z.literal('worker'), worker: WorkerNameSchema, action: WorkerActionSchema }),
  z.object({ id: CommandIdSchema, kind: z.literal('rotate'), decky: DeckyNameSchema }),
  z.object({ id: CommandIdSchema, kind: z.literal('reset_decky'), decky: DeckyNameSchema }),
]);
export const COMMAND_KINDS = ['worker', 'rotate', 'reset_decky'] as const;
export type CommandKind = (typeof COMMAND_KINDS)[number];
export type FleetCommand = z.infer<typeof FleetCommandSchema>;

export const CommandAckSchema = z.object({
  id: CommandIdSchema,
  ok: z.boolean(),
  error: z.string().max(1024).optional(),
  /** What was done (e.g. a rotated decky's new services), for the admin. */
  result: z.string().max(1024).optional(),
});
export type CommandAck = z.infer<typeof CommandAckSchema>;

/** POST /agent/v1/acks: command results, and the decommissioned agent's last word before it forgets itself. */
export const AgentAcksSchema = z.object({
  acks: z.array(CommandAckSchema).max(64),
  decommissioned: z.literal(true).optional(),
});
export type AgentAcks = z.infer<typeof AgentAcksSchema>;

/** Optional worker-report fields (heartbeat): how often the supervisor restarted it and why it is not ok. */
export const WorkerReportExtraSchema = z.object({
  restarts: z.number().int().nonnegative().optional(),
  state: z.enum(['starting', 'running', 'restarting', 'stopped']).optional(),
  message: z.string().max(1024).optional(),
});

/** Heartbeat `bus`: whether the agent's own client is connected to its local broker. */
export const BusReportSchema = z.object({ connected: z.boolean() });
