// Response shapes of the fleet API (/hosts, /deckies): sensor hosts with their liveness and last
// heartbeat, enrollment tokens, deckies (desired next to reported) and INI deployment results.
import { z } from 'zod';
import { HeartbeatSchema } from '../agent/heartbeat';
export * from './fleet-control';

export const HOST_STATUSES = ['pending', 'online', 'stale', 'offline', 'decommissioned'] as const;
export const HostStatusSchema = z.enum(HOST_STATUSES).meta({ id: 'HostStatus' });
export type HostStatus = z.infer<typeof HostStatusSchema>;

export const HostSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: HostStatusSchema,
    agentVersion: z.string().nullable(),
    certFingerprint: z.string().nullable(),
    lastHeartbeatAt: z.string().nullable(),
    createdAt: z.string(),
    /** The last heartbeat as the agent sent it (validated at ingest), null before the first one. */
    heartbeat: HeartbeatSchema.nullable(),
    /** The control plane's prober switch for this host; null: the agent's own config decides. */
    proberEnabled: z.boolean().nullable(),
    /** Site label (groups and filters); null: no site. */
    site: z.string().nullable(),
    /** Deployment limit (max deckies); null: none. */
    maxDeckies: z.number().nullable(),
    /** Rotation interval for deckies without their own: the host override, null for the fleet default. */
    rotationIntervalMin: z.number().nullable(),
    /** Decommissioned host: 'pending' until its agent confirmed teardown and forgot its identity, then 'done'. */
    decommission: z.enum(['pending', 'done']).nullable(),
  })
  .meta({ id: 'Host' });
export type Host = z.infer<typeof HostSchema>;

/** PUT /hosts/{id}/prober: switch the host's prober on or off, or null to leave it to the agent's config. */
export const HostProberSettingSchema = z.strictObject({ enabled: z.boolean().nullable() }).meta({ id: 'HostProberSetting' });
export type HostProberSetting = z.infer<typeof HostProberSettingSchema>;

export const HostListSchema = z.object({ items: z.array(HostSchema) }).meta({ id: 'HostList' });
export type HostList = z.infer<typeof HostListSchema>;

export const EnrollmentTokenSchema = z
  .object({ token: z.string(), hostName: z.string(), site: z.string().nullable().optional(), expiresAt: z.string(), caSha256: z.string(), installCommand: z.string() })
  .meta({ id: 'EnrollmentToken' });
export type EnrollmentToken = z.infer<typeof EnrollmentTokenSchema>;

/** Per-service configuration keys of a decky, as stored (`{service: {key: value}}`). */
export const DeckyServiceConfigSchema = z.record(z.string(), z.record(z.string(), z.string()));
export type ServiceConfig = z.infer<typeof DeckyServiceConfigSchema>;

export const DeckyReportedSchema = z
  .object({ state: z.string(), services: z.array(z.string()), error: z.string().nullable(), at: z.string() })
  .meta({ id: 'DeckyReported' });
export type DeckyReported = z.infer<typeof DeckyReportedSchema>;

export const DeckySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    hostId: z.string().nullable(),
    archetype: z.string().nullable(),
    services: z.array(z.string()),
    serviceConfig: DeckyServiceConfigSchema,
    nmapOs: z.string().nullable(),
    mutateIntervalMin: z.number().nullable(),
    ip: z.string().nullable(),
    /** What its agent last reported, null until it has. */
    reported: DeckyReportedSchema.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Decky' });
export type Decky = z.infer<typeof DeckySchema>;

export const DeckyListSchema = z.object({ items: z.array(DeckySchema) }).meta({ id: 'DeckyList' });
export type DeckyList = z.infer<typeof DeckyListSchema>;

export const DeployWarningSchema = z.object({ line: z.number(), message: z.string() }).meta({ id: 'DeployWarning' });
export type DeployWarning = z.infer<typeof DeployWarningSchema>;

export const DeployResultSchema = z
  .object({ hostId: z.string(), deckies: z.array(DeckySchema), warnings: z.array(DeployWarningSchema) })
  .meta({ id: 'DeployResult' });
export type DeployResult = z.infer<typeof DeployResultSchema>;
