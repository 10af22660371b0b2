// Heartbeat (every 30 s, DESIGN §2.3): the agent reports its workers, the actual state of its
// deckies and its upload spool.
import { z } from 'zod';
import { WorkerNameSchema, WorkerStatusSchema } from '../bus/health';
import { DeckyNameSchema, ServiceNameSchema } from '../fleet/decky-spec';
import { TopologyReportSchema } from '../fleet/topology';
import { AgentVersionSchema } from './enrollment';
import { BusReportSchema, WorkerReportExtraSchema } from './fleet-control';

export const HEARTBEAT_INTERVAL_MS = 30_000;

export const DECKY_STATES = ['pending', 'starting', 'running', 'degraded', 'stopping', 'stopped', 'failed'] as const;
export const DeckyStateSchema = z.enum(DECKY_STATES);
export type DeckyState = z.infer<typeof DeckyStateSchema>;

export const RUNTIMES = ['docker', 'local'] as const;
export const RuntimeSchema = z.enum(RUNTIMES);
export type Runtime = z.infer<typeof RuntimeSchema>;

export const WorkerReportSchema = z.object({
  name: WorkerNameSchema,
  status: WorkerStatusSchema,
  lastSeenTs: z.iso.datetime({ offset: true }),
}).extend(WorkerReportExtraSchema.shape);

export const DeckyReportSchema = z.object({
  name: DeckyNameSchema,
  state: DeckyStateSchema,
  services: z.array(ServiceNameSchema).max(64),
  runtime: RuntimeSchema,
  error: z.string().max(2048).optional(),
});
export type DeckyReport = z.infer<typeof DeckyReportSchema>;

/** A service this host's build and runtime can run: what the catalogue and the deploy form offer. */
export const ServiceOfferSchema = z.object({
  slug: ServiceNameSchema,
  ports: z.array(z.number().int().min(0).max(65535)).max(16),
  description: z.string().max(300),
  /** JSON Schema (draft 2020-12, input side) of the service's `[decky.service]` config, for typed forms. */
  configSchema: z.record(z.string(), z.unknown()).optional(),
});
export type ServiceOffer = z.infer<typeof ServiceOfferSchema>;

export const HostCatalogueSchema = z.object({
  runtime: RuntimeSchema,
  services: z.array(ServiceOfferSchema).max(64),
});
export type HostCatalogue = z.infer<typeof HostCatalogueSchema>;

export const HeartbeatSchema = z.object({
  agentVersion: AgentVersionSchema,
  uptimeS: z.number().nonnegative(),
  workers: z.array(WorkerReportSchema).max(64),
  deckies: z.array(DeckyReportSchema).max(4096),
  spool: z.object({
    pending: z.number().int().nonnegative(),
    dropped: z.number().int().nonnegative(),
  }),
  /** What the host can run; absent from agents older than the catalogue. */
  catalogue: HostCatalogueSchema.optional(),
  /** What the agent realised of each topology in its desired state. */
  topologies: z.array(TopologyReportSchema).max(64).optional(),
  /** The agent's own bus connection (absent from older agents). */
  bus: BusReportSchema.optional(),
});
export type Heartbeat = z.infer<typeof HeartbeatSchema>;
