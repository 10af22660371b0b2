// Desired state (DESIGN §2.3): the deckies a host should run, versioned so the agent can poll
// with the version it has and get 304-like "unchanged" answers.
import { z } from 'zod';
import { DeployableDeckySpecSchema } from '../fleet/decky-spec';
import { DesiredTopologySchema } from '../fleet/topology';

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
});
export type DesiredStateResponse = z.infer<typeof DesiredStateResponseSchema>;
