// Desired state (DESIGN §2.3): the deckies a host should run, versioned so the agent can poll
// with the version it has and get 304-like "unchanged" answers.
import { z } from 'zod';
import { DeployableDeckySpecSchema } from '../fleet/decky-spec';
import { DesiredTopologySchema } from '../fleet/topology';
import { FleetCommandSchema } from './fleet-control';
import { SelftestRequestSchema } from './realism';
import { DesiredReleaseSchema } from './release';

export const DesiredStateQuerySchema = z.object({
  /** The version the agent already applied; the server may hold the request until it changes. */
  sinceVersion: z.coerce.number().int().nonnegative().optional(),
  waitS: z.coerce.number().int().min(0).max(60).optional(),
});
export type DesiredStateQuery = z.infer<typeof DesiredStateQuerySchema>;

export const DesiredStateResponseSchema = z.object({
  version: z.number().int().nonnegative(),
  deckies: z
    .array(DeployableDeckySpecSchema)
    .max(4096)
    .refine((d) => new Set(d.map((x) => x.name)).size === d.length, 'duplicate decky name'),
  /** Multi-LAN topologies on this host; their deckies are also in `deckies`. Absent for flat fleets. */
  topologies: z.array(DesiredTopologySchema).max(64).optional(),
  /** The prober switched on or off for this host by the control plane (fleet or host setting); absent: the agent's own config decides. */
  prober: z.object({ enabled: z.boolean() }).optional(),
  /** Remote-control commands not yet acknowledged (fleet-control.ts); the agent runs each id once and acks it. */
  commands: z.array(FleetCommandSchema).max(64).optional(),
  /** Realism self-test asked by an admin (issue 17): run it once per request id, upload the reports. */
  selftest: SelftestRequestSchema.optional(),
  /** The agent release this host should run (issue 19): download, verify, switch, health-check. */
  release: DesiredReleaseSchema.optional(),
  /** The host was decommissioned: tear every decky down, ack, and forget the identity. */
  decommission: z.literal(true).optional(),
});
export type DesiredStateResponse = z.infer<typeof DesiredStateResponseSchema>;
