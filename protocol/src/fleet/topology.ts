// Topologies (MazeNET, inventory §2.8): several LANs joined by multi-homed deckies, a DMZ the
// attacker reaches first, inner LANs reachable only through forwarding deckies. The shapes shared by
// the control plane (storage, API), the host agent (desired state, realisation) and the dashboard.
import { z } from 'zod';
import { isIPv4, parseIPv4Cidr } from '../util/ip';
import { DeckySpecSchema, DeployableDeckySpecSchema } from './decky-spec';

export const TOPOLOGY_STATUSES = ['pending', 'deploying', 'active', 'degraded', 'failed', 'tearing_down', 'torn_down'] as const;
export const TopologyStatusSchema = z.enum(TOPOLOGY_STATUSES);
export type TopologyStatus = z.infer<typeof TopologyStatusSchema>;

/** LAN and topology names: DNS-label-like, short enough to prefix docker network names. */
export const TOPOLOGY_NAME_RE = /^[a-z0-9](?:[a-z0-9-]{0,22}[a-z0-9])?$/;
export const TopologyNameSchema = z.string().regex(TOPOLOGY_NAME_RE, 'lower-case letters, digits and -, at most 24');

export const SubnetSchema = z
  .string()
  .refine((s) => parseIPv4Cidr(s) !== null, 'IPv4 CIDR such as 10.1.0.0/24')
  .refine((s) => {
    const p = Number(s.split('/')[1]);
    return p >= 16 && p <= 29;
  }, 'prefix length between /16 and /29');

export const CanvasPointSchema = z.object({ x: z.number().finite(), y: z.number().finite() });

export const LanSchema = z.object({
  /** Unique within the topology; the key edges and mutations use. */
  name: TopologyNameSchema,
  subnet: SubnetSchema,
  dmz: z.boolean(),
  pos: CanvasPointSchema.default({ x: 0, y: 0 }),
});
export type Lan = z.infer<typeof LanSchema>;

/** One decky's membership of one LAN (an edge of the graph). */
export const LanHomeSchema = z.object({
  lan: TopologyNameSchema,
  ip: z.string().refine(isIPv4, 'IPv4 address'),
});
export type LanHome = z.infer<typeof LanHomeSchema>;

/** A decky of a topology: everything a flat-fleet decky has, plus its LANs and whether it forwards. */
export const TopologyDeckySchema = DeckySpecSchema.omit({ ip: true }).extend({
  homes: z.array(LanHomeSchema).max(16),
  /** IP forwarding between its LANs: the only way into an inner LAN. */
  forwards: z.boolean().default(false),
  pos: CanvasPointSchema.default({ x: 0, y: 0 }),
});
export type TopologyDecky = z.infer<typeof TopologyDeckySchema>;

/** The editable body of a topology (what create, import and the generator produce). */
export const TopologyBodySchema = z.object({
  name: TopologyNameSchema,
  hostId: z.string().min(1).max(64),
  lans: z.array(LanSchema).max(64),
  deckies: z.array(TopologyDeckySchema).max(1024),
});
export type TopologyBody = z.infer<typeof TopologyBodySchema>;

export const TopologySchema = TopologyBodySchema.extend({
  id: z.string(),
  status: TopologyStatusSchema,
  statusReason: z.string().nullable(),
  /** Optimistic concurrency: every accepted mutation increments it. */
  version: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Topology = z.infer<typeof TopologySchema>;

/** Seeded generator parameters (DECNET's MazeNET generator): same parameters and seed, same topology. */
export const TopologyGenerateParamsSchema = z.object({
  name: TopologyNameSchema,
  hostId: z.string().min(1).max(64),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  /** LAN levels below the DMZ (0 = DMZ only). */
  depth: z.number().int().min(0).max(6),
  /** Child LANs per LAN. */
  branching: z.number().int().min(1).max(4),
  deckiesPerLan: z.number().int().min(1).max(32),
  /** Probability that a bridge decky between a LAN and its child forwards (otherwise the child is unreachable until edited). */
  forwardProbability: z.number().min(0).max(1).default(1),
  /** Probability of an extra edge from a decky to a non-adjacent LAN. */
  crossEdgeProbability: z.number().min(0).max(1).default(0),
  /** First subnet; the rest follow it (/24 each). */
  subnetBase: SubnetSchema.default('10.100.0.0/24'),
  /** Pick services at random from the archetype's; otherwise each decky runs all of its archetype's services. */
  randomServices: z.boolean().default(false),
});
export type TopologyGenerateParams = z.infer<typeof TopologyGenerateParamsSchema>;

/** Live mutations, queued against the version they were made on (a stale one is a 409). */
export const TopologyMutationOpSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add_lan'), lan: LanSchema }),
  z.object({ op: z.literal('remove_lan'), lan: TopologyNameSchema }),
  /** Only pos and name-independent fields may change on a live topology (subnet/dmz changes are refused). */
  z.object({ op: z.literal('update_lan'), lan: TopologyNameSchema, patch: LanSchema.partial().omit({ name: true }) }),
  z.object({ op: z.literal('add_decky'), decky: TopologyDeckySchema }),
  z.object({ op: z.literal('remove_decky'), decky: z.string() }),
  z.object({ op: z.literal('attach_decky'), decky: z.string(), home: LanHomeSchema }),
  z.object({ op: z.literal('detach_decky'), decky: z.string(), lan: TopologyNameSchema }),
  /** Changing `forwards` on a live topology needs `force` (it recreates that decky). */
  z.object({ op: z.literal('update_decky'), decky: z.string(), patch: TopologyDeckySchema.partial().omit({ name: true, homes: true }), force: z.boolean().optional() }),
]);
export type TopologyMutationOp = z.infer<typeof TopologyMutationOpSchema>;

export const TopologyMutationRequestSchema = z.object({
  /** The topology version the edits were made against. */
  version: z.number().int().nonnegative(),
  ops: z.array(TopologyMutationOpSchema).min(1).max(256),
  /** What caused it (`dashboard`, `api`, `schedule` ...); carried into the `decky_mutated` events. */
  trigger: z.string().max(64).default('api'),
});
export type TopologyMutationRequest = z.infer<typeof TopologyMutationRequestSchema>;

export const MUTATION_STATUSES = ['pending', 'applying', 'applied', 'failed'] as const;
export const TopologyMutationSchema = z.object({
  id: z.string(),
  topologyId: z.string(),
  ops: z.array(TopologyMutationOpSchema),
  trigger: z.string(),
  /** Who made the batch (the signed-in user's name); null when not recorded. */
  actor: z.string().nullable(),
  baseVersion: z.number().int(),
  /** The topology version this mutation produced; applied once the agent reports it realised. */
  resultVersion: z.number().int(),
  status: z.enum(MUTATION_STATUSES),
  error: z.string().nullable(),
  createdAt: z.string(),
  appliedAt: z.string().nullable(),
});
export type TopologyMutation = z.infer<typeof TopologyMutationSchema>;

/** One validation finding: 422 bodies list them, naming the field and the offending objects. */
export const TopologyIssueSchema = z.object({ field: z.string(), message: z.string(), objects: z.array(z.string()) });
export type TopologyIssue = z.infer<typeof TopologyIssueSchema>;

/**
 * What the agent realises (part of the desired state): the topology's LANs and which deckies sit on
 * which of them. The deckies themselves are in the desired state's flat `deckies` list too (their
 * `ip` is the first home's), so runtimes that know nothing of topologies still run them.
 */
export const DesiredTopologySchema = z.object({
  id: z.string().max(64),
  name: TopologyNameSchema,
  version: z.number().int().nonnegative(),
  lans: z.array(LanSchema.omit({ pos: true })).max(64),
  members: z
    .array(z.object({ decky: z.string(), homes: z.array(LanHomeSchema).min(1).max(16), forwards: z.boolean() }))
    .max(1024),
});
export type DesiredTopology = z.infer<typeof DesiredTopologySchema>;

/** The agent's report per topology (in the heartbeat): the version it realised, and why not when it failed. */
export const TopologyReportSchema = z.object({
  id: z.string().max(64),
  appliedVersion: z.number().int().nonnegative(),
  state: z.enum(['active', 'degraded', 'failed', 'torn_down']),
  error: z.string().max(2048).optional(),
  /** Networking was realised without isolation (the local runtime's loopback ranges). */
  isolated: z.boolean(),
});
export type TopologyReport = z.infer<typeof TopologyReportSchema>;

/** A topology decky as a flat deployable spec (its first home gives the address). */
export function deckySpecOf(d: TopologyDecky): z.infer<typeof DeployableDeckySpecSchema> {
  const { homes, forwards: _f, pos: _p, ...spec } = d;
  return { ...spec, ip: homes[0]?.ip } as z.infer<typeof DeployableDeckySpecSchema>;
}
