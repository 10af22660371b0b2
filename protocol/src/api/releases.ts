// Release API shapes (issue 19): agent bundles uploaded in chunks and signed on publish, pushed to a
// host, a site or the whole fleet, with each host's update progress and a manual rollback.
import { z } from 'zod';
import { AgentVersionSchema } from '../agent/enrollment';
import { MAX_RELEASE_BYTES, Sha256HexSchema, UPDATE_PHASES } from '../agent/release';
import { SiteLabelSchema } from './fleet-control';

export const RELEASE_STATUSES = ['uploading', 'ready'] as const;

export const ReleaseCreateSchema = z
  .strictObject({
    version: AgentVersionSchema,
    size: z.number().int().min(1).max(MAX_RELEASE_BYTES, `a release bundle is at most ${MAX_RELEASE_BYTES} bytes`),
    sha256: Sha256HexSchema,
    notes: z.string().max(500).optional(),
  })
  .meta({ id: 'ReleaseCreate' });
export type ReleaseCreate = z.infer<typeof ReleaseCreateSchema>;

export const ReleaseFromBuildSchema = z.strictObject({ notes: z.string().max(500).optional() }).meta({ id: 'ReleaseFromBuild' });

export const ReleaseViewSchema = z
  .object({
    version: z.string(),
    sha256: z.string(),
    size: z.number(),
    status: z.enum(RELEASE_STATUSES),
    /** base64 ECDSA signature by the control plane's CA key; null until published. */
    signature: z.string().nullable(),
    /** Upload chunks: PUT /releases/{version}/chunks/{index} with exactly this many bytes (the last may be shorter). */
    chunkBytes: z.number(),
    chunkCount: z.number(),
    chunksReceived: z.number(),
    notes: z.string().nullable(),
    createdAt: z.string(),
    publishedAt: z.string().nullable(),
    /** Hosts reporting this version in their last heartbeat. */
    hostsRunning: z.number(),
  })
  .meta({ id: 'Release' });
export type ReleaseView = z.infer<typeof ReleaseViewSchema>;
export const ReleaseListSchema = z.object({ items: z.array(ReleaseViewSchema) }).meta({ id: 'ReleaseList' });

export const ReleasePushSchema = z
  .strictObject({
    version: AgentVersionSchema,
    target: z.discriminatedUnion('scope', [
      z.strictObject({ scope: z.literal('host'), hostId: z.string().uuid() }),
      z.strictObject({ scope: z.literal('site'), site: SiteLabelSchema }),
      z.strictObject({ scope: z.literal('all') }),
    ]),
  })
  .meta({ id: 'ReleasePush' });
export type ReleasePush = z.infer<typeof ReleasePushSchema>;
export const ReleasePushResultSchema = z.object({ version: z.string(), hosts: z.array(z.string()) }).meta({ id: 'ReleasePushResult' });

export const HostUpdateViewSchema = z
  .object({
    hostId: z.string(),
    hostName: z.string(),
    site: z.string().nullable(),
    /** What the agent reported in its last heartbeat. */
    runningVersion: z.string().nullable(),
    targetVersion: z.string().nullable(),
    /** The version before the last push: what a rollback goes back to. */
    previousVersion: z.string().nullable(),
    phase: z.enum(UPDATE_PHASES).nullable(),
    reason: z.string().nullable(),
    requestedAt: z.string().nullable(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'HostUpdate' });
export type HostUpdateView = z.infer<typeof HostUpdateViewSchema>;
export const HostUpdateListSchema = z.object({ items: z.array(HostUpdateViewSchema) }).meta({ id: 'HostUpdateList' });
