// Response shapes of the topology API (/api/v1/topologies): list items, snapshots (topology + LANs
// + deckies with their reported state + pending mutations), mutations, status events, catalogue
// helpers and the per-topology SSE frames. The dashboard's client and the routes share them.
//
// Routes (under /api/v1; reads need a viewer, writes an admin; errors are {error:{code,message,details}}):
//   GET    /topologies                         -> TopologyList
//   POST   /topologies                         TopologyBody -> 201 TopologySnapshot (status pending)
//   POST   /topologies/validate                TopologyBody -> 200 TopologyPreview {body, issues}
//   POST   /topologies/generate                TopologyGenerateParams -> 201 TopologySnapshot
//   POST   /topologies/generate/preview        TopologyGenerateParams -> 200 TopologyPreview (nothing stored)
//   POST   /topologies/import-ini              TopologyIniImportRequest -> 201 TopologyIniImportResult
//   GET    /topologies/catalogue?hostId=       -> Catalogue (archetypes, services with configSchema)
//   GET    /topologies/{id}                    -> TopologySnapshot
//   DELETE /topologies/{id}                    -> 204 (only never deployed or torn_down; else 409)
//   POST   /topologies/{id}/deploy             -> TopologySnapshot (pending|torn_down|failed -> deploying)
//   POST   /topologies/{id}/teardown           -> TopologySnapshot (-> tearing_down; torn_down once reported)
//   POST   /topologies/{id}/mutations          TopologyMutationRequest -> 202 TopologyMutationAccepted
//                                              (409 details TopologyConflictDetails; 422 details TopologyIssues)
//   GET    /topologies/{id}/mutations          -> TopologyMutationList (newest first)
//   GET    /topologies/{id}/status-events      -> TopologyStatusEventList (oldest first)
//   GET    /topologies/{id}/next-subnet?prefix=24&exclude=cidr,cidr   -> NextFreeSubnet
//   GET    /topologies/{id}/lans/{lan}/next-address?exclude=ip,ip    -> NextFreeAddress
//   GET    /topologies/{id}/stream?ticket=     SSE of TopologyStreamFrame (ticket from POST /stream/ticket)
// Validation failures (422) carry `error.details.issues: TopologyIssue[]`.
import { z } from 'zod';
import { DeckyReportedSchema, DeployWarningSchema } from './fleet';
import {
  TopologyBodySchema,
  TopologyDeckySchema,
  TopologyIssueSchema,
  TopologyMutationSchema,
  TopologyNameSchema,
  TopologySchema,
  TopologyStatusSchema,
  SubnetSchema,
} from '../fleet/topology';

export const TopologyListItemSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    hostId: z.string(),
    status: TopologyStatusSchema,
    statusReason: z.string().nullable(),
    version: z.number().int(),
    lanCount: z.number().int(),
    deckyCount: z.number().int(),
    /** Mutations not yet applied or failed (pending or applying). */
    pendingMutations: z.number().int(),
    /** From the agent's last report: false on the local runtime (loopback ranges); null before any report. */
    isolated: z.boolean().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'TopologyListItem' });
export type TopologyListItem = z.infer<typeof TopologyListItemSchema>;

export const TopologyListSchema = z.object({ items: z.array(TopologyListItemSchema) }).meta({ id: 'TopologyList' });
export type TopologyList = z.infer<typeof TopologyListSchema>;

/** A topology decky as stored, with its row id and what its agent last reported. */
export const TopologyDeckyViewSchema = TopologyDeckySchema.extend({
  id: z.string(),
  reported: DeckyReportedSchema.nullable(),
}).meta({ id: 'TopologyDeckyView' });
export type TopologyDeckyView = z.infer<typeof TopologyDeckyViewSchema>;

/** GET /topologies/{id}: everything the editor needs at once. */
export const TopologySnapshotSchema = TopologySchema.extend({
  deckies: z.array(TopologyDeckyViewSchema),
  /** Mutations still pending or applying, oldest first. */
  pendingMutations: z.array(TopologyMutationSchema),
  /** From the agent's last report: false on the local runtime (no isolation); null before any report. */
  isolated: z.boolean().nullable(),
  /** The version the agent last reported it realised; null before any report. */
  appliedVersion: z.number().int().nullable(),
}).meta({ id: 'TopologySnapshot' });
export type TopologySnapshot = z.infer<typeof TopologySnapshotSchema>;

export const TopologyMutationListSchema = z.object({ items: z.array(TopologyMutationSchema) }).meta({ id: 'TopologyMutationList' });
export type TopologyMutationList = z.infer<typeof TopologyMutationListSchema>;

/** POST /topologies/{id}/mutations (202): the queued batch and the topology's new version. */
export const TopologyMutationAcceptedSchema = z
  .object({ mutation: TopologyMutationSchema, version: z.number().int() })
  .meta({ id: 'TopologyMutationAccepted' });
export type TopologyMutationAccepted = z.infer<typeof TopologyMutationAcceptedSchema>;

/** 409 on a stale version: `error.details` carries the version to rebase on. */
export const TopologyConflictDetailsSchema = z.object({ currentVersion: z.number().int() }).meta({ id: 'TopologyConflictDetails' });
export type TopologyConflictDetails = z.infer<typeof TopologyConflictDetailsSchema>;

/** 422 from topology validation: `error.details.issues` lists every finding. */
export const TopologyIssuesSchema = z.object({ issues: z.array(TopologyIssueSchema) }).meta({ id: 'TopologyIssues' });
export type TopologyIssues = z.infer<typeof TopologyIssuesSchema>;

/** An audited status transition (from is null for the creation). */
export const TopologyStatusEventSchema = z
  .object({
    id: z.string(),
    topologyId: z.string(),
    from: TopologyStatusSchema.nullable(),
    to: TopologyStatusSchema,
    reason: z.string().nullable(),
    at: z.string(),
  })
  .meta({ id: 'TopologyStatusEvent' });
export type TopologyStatusEvent = z.infer<typeof TopologyStatusEventSchema>;

export const TopologyStatusEventListSchema = z.object({ items: z.array(TopologyStatusEventSchema) }).meta({ id: 'TopologyStatusEventList' });
export type TopologyStatusEventList = z.infer<typeof TopologyStatusEventListSchema>;

/** POST /topologies/generate/preview and /topologies/validate: a body and what validation says of it. */
export const TopologyPreviewSchema = z
  .object({ body: TopologyBodySchema, issues: z.array(TopologyIssueSchema) })
  .meta({ id: 'TopologyPreview' });
export type TopologyPreview = z.infer<typeof TopologyPreviewSchema>;

/** POST /topologies/import-ini: a DECNET INI fleet becomes a one-LAN (DMZ) topology. */
export const TopologyIniImportRequestSchema = z
  .object({
    name: TopologyNameSchema,
    hostId: z.string().min(1).max(64).optional(),
    iniContent: z.string().min(1),
    /** The LAN's subnet; by default the INI's [general] subnet, else the next free /24. */
    subnet: SubnetSchema.optional(),
  })
  .meta({ id: 'TopologyIniImportRequest' });
export type TopologyIniImportRequest = z.infer<typeof TopologyIniImportRequestSchema>;

export const TopologyIniImportResultSchema = z
  .object({ topology: TopologySnapshotSchema, warnings: z.array(DeployWarningSchema) })
  .meta({ id: 'TopologyIniImportResult' });
export type TopologyIniImportResult = z.infer<typeof TopologyIniImportResultSchema>;

export const NextFreeSubnetSchema = z.object({ subnet: z.string() }).meta({ id: 'NextFreeSubnet' });
export type NextFreeSubnet = z.infer<typeof NextFreeSubnetSchema>;
export const NextFreeAddressSchema = z.object({ lan: z.string(), ip: z.string() }).meta({ id: 'NextFreeAddress' });
export type NextFreeAddress = z.infer<typeof NextFreeAddressSchema>;

/**
 * GET /topologies/{id}/stream (SSE, `?ticket=` from POST /stream/ticket, or a bearer header): the SSE
 * `event:` name equals `type`; first a `snapshot`, then `status`, `mutation` and `decky` changes.
 */
export const TopologyStreamFrameSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('snapshot'), snapshot: TopologySnapshotSchema }),
    z.object({
      type: z.literal('status'),
      status: TopologyStatusSchema,
      statusReason: z.string().nullable(),
      version: z.number().int(),
      appliedVersion: z.number().int().nullable(),
      isolated: z.boolean().nullable(),
    }),
    z.object({ type: z.literal('mutation'), mutation: TopologyMutationSchema }),
    z.object({ type: z.literal('decky'), name: z.string(), reported: DeckyReportedSchema.nullable(), removed: z.boolean() }),
  ])
  .meta({ id: 'TopologyStreamFrame' });
export type TopologyStreamFrame = z.infer<typeof TopologyStreamFrameSchema>;
