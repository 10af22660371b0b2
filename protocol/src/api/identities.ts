// Response and request shapes of the identities and campaigns API: identities (attacker addresses
// clustered as one actor) with the evidence per edge, observation timeline and trait states, manual
// merge/unmerge, campaigns over identities, and the live stream's frames.
import { z } from 'zod';

const Id = z.string().regex(/^[0-9a-f]{32}$/);

export const IdentitySummarySchema = z
  .object({
    id: z.string(),
    memberCount: z.number(),
    firstSeen: z.string(),
    lastSeen: z.string(),
    formedAt: z.string(),
    updatedAt: z.string(),
    ips: z.array(z.string()),
    fingerprints: z.array(z.string()),
    countries: z.array(z.string()),
    asns: z.array(z.string()),
    campaignId: z.string().nullable(),
  })
  .meta({ id: 'Identity' });
export type IdentitySummary = z.infer<typeof IdentitySummarySchema>;

export const IdentityPageSchema = z.object({ items: z.array(IdentitySummarySchema), total: z.number() }).meta({ id: 'IdentityPage' });
export type IdentityPage = z.infer<typeof IdentityPageSchema>;

export const IdentityMemberSchema = z
  .object({ attackerId: z.string(), ip: z.string(), firstSeen: z.string(), lastSeen: z.string(), eventCount: z.number(), country: z.string().nullable(), asn: z.string().nullable(), joinedAt: z.string() })
  .meta({ id: 'IdentityMember' });
export type IdentityMember = z.infer<typeof IdentityMemberSchema>;

export const EdgeEvidenceSchema = z.object({ tier: z.enum(['strong', 'medium', 'weak', 'very_weak', 'manual']), kind: z.string(), values: z.array(z.string()), score: z.number() }).meta({ id: 'EdgeEvidence' });
export const IdentityEdgeSchema = z
  .object({ a: z.string(), b: z.string(), aIp: z.string().nullable(), bIp: z.string().nullable(), weight: z.number(), manual: z.boolean(), evidence: z.array(EdgeEvidenceSchema) })
  .meta({ id: 'IdentityEdge' });
export type IdentityEdge = z.infer<typeof IdentityEdgeSchema>;

export const IdentityLogEntrySchema = z
  .object({ seq: z.number(), type: z.string(), identityId: z.string().nullable(), campaignId: z.string().nullable(), actor: z.string().nullable(), ts: z.string(), payload: z.record(z.string(), z.unknown()) })
  .meta({ id: 'IdentityLogEntry' });
export type IdentityLogEntry = z.infer<typeof IdentityLogEntrySchema>;

export const TRAIT_STATES = ['unknown', 'stable', 'drifting', 'conflicted', 'multi_actor'] as const;
export const TraitStateSchema = z.object({ trait: z.string(), state: z.enum(TRAIT_STATES), observations: z.number(), values: z.array(z.string()) }).meta({ id: 'TraitState' });
export type TraitState = z.infer<typeof TraitStateSchema>;

export const IdentityObservationSchema = z
  .object({ ts: z.string(), attackerId: z.string(), ip: z.string(), kind: z.string(), value: z.string() })
  .meta({ id: 'IdentityObservation' });
export type IdentityObservation = z.infer<typeof IdentityObservationSchema>;

export const IdentityObservationsSchema = z
  .object({ traits: z.array(TraitStateSchema), multiActorSuspected: z.boolean(), timeline: z.array(IdentityObservationSchema) })
  .meta({ id: 'IdentityObservations' });
export type IdentityObservations = z.infer<typeof IdentityObservationsSchema>;

export const IdentityDetailSchema = z
  .object({ identity: IdentitySummarySchema, members: z.array(IdentityMemberSchema), edges: z.array(IdentityEdgeSchema), log: z.array(IdentityLogEntrySchema) })
  .meta({ id: 'IdentityDetail' });
export type IdentityDetail = z.infer<typeof IdentityDetailSchema>;

export const MergeIdentitiesBodySchema = z
  .strictObject({ from: Id.optional(), attackerId: Id.optional() })
  .refine((v) => (v.from === undefined) !== (v.attackerId === undefined), 'Give exactly one of `from` (an identity id) or `attackerId`')
  .meta({ id: 'MergeIdentitiesRequest' });
export type MergeIdentitiesBody = z.infer<typeof MergeIdentitiesBodySchema>;

export const IdentityChangeResultSchema = z
  .object({ identityId: z.string().nullable(), applied: z.boolean(), identities: z.number() })
  .meta({ id: 'IdentityChangeResult' });
export type IdentityChangeResult = z.infer<typeof IdentityChangeResultSchema>;

export const CampaignEdgeSchema = z
  .object({ a: z.string(), b: z.string(), weight: z.number(), evidence: z.array(z.object({ kind: z.string(), score: z.number(), detail: z.string() })) })
  .meta({ id: 'CampaignEdge' });

export const CampaignSummarySchema = z
  .object({ id: z.string(), identityCount: z.number(), firstSeen: z.string(), lastSeen: z.string(), formedAt: z.string(), updatedAt: z.string(), evidenceKinds: z.array(z.string()) })
  .meta({ id: 'Campaign' });
export type CampaignSummary = z.infer<typeof CampaignSummarySchema>;

export const CampaignPageSchema = z.object({ items: z.array(CampaignSummarySchema), total: z.number() }).meta({ id: 'CampaignPage' });
export type CampaignPage = z.infer<typeof CampaignPageSchema>;

export const CampaignPhaseSchema = z.object({ identityId: z.string(), decky: z.string(), ts: z.string(), phases: z.array(z.string()) }).meta({ id: 'CampaignPhase' });

export const CampaignDetailSchema = z
  .object({ campaign: CampaignSummarySchema, identities: z.array(IdentitySummarySchema), edges: z.array(CampaignEdgeSchema), phases: z.array(CampaignPhaseSchema) })
  .meta({ id: 'CampaignDetail' });
export type CampaignDetail = z.infer<typeof CampaignDetailSchema>;

export const CampaignIdentitiesSchema = z.object({ items: z.array(IdentitySummarySchema) }).meta({ id: 'CampaignIdentities' });

/** Live stream frames (SSE event `change`): one identity_log entry each. */
export type IdentityStreamFrame = IdentityLogEntry;

export const GeoBreakdownSchema = z
  .object({
    countries: z.array(z.object({ country: z.string(), attackers: z.number(), identities: z.number() })),
    asns: z.array(z.object({ asn: z.string(), org: z.string().nullable(), attackers: z.number() })),
  })
  .meta({ id: 'GeoBreakdown' });
export type GeoBreakdown = z.infer<typeof GeoBreakdownSchema>;
