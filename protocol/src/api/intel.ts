// Response shapes of the intelligence API (/attackers, /sessions, /credentials): attacker profiles,
// attack sessions, captured credentials and their reuse across deckies, stored artifacts.
import { z } from 'zod';
import { EventViewSchema } from './event-view';

const Timing = z.object({ count: z.number(), meanIatS: z.number().nullable(), stdevIatS: z.number().nullable(), cv: z.number().nullable() });

const Beacon = z.object({ periodS: z.number(), jitterPct: z.number(), likeC2: z.array(z.string()) });

export const AttackerProfileSchema = z
  .object({
    /** slow_scan | scanning | brute_force | beaconing | interactive | mixed | unknown */
    behaviorClass: z.string(),
    /** Every activity seen (a `mixed` attacker lists several). */
    signals: z.array(z.string()).optional(),
    /** C2-like cadence when the contacts come on a beat. */
    beacon: Beacon.nullable().optional(),
    toolGuesses: z.array(z.string()),
    phases: z.array(z.string()),
    clientHints: z.array(z.string()),
    timing: Timing,
  })
  .meta({ id: 'AttackerProfile' });
export type AttackerProfile = z.infer<typeof AttackerProfileSchema>;

/** Offline enrichment of the address: scope label, country, ASN, organisation, PTR (issue 15). */
export const AttackerEnrichmentSchema = z
  .object({
    /** public | private | cgnat | loopback | link_local | documentation | benchmarking | multicast | ula | unspecified | broadcast | reserved */
    scope: z.string(),
    country: z.string().nullable(),
    asn: z.number().nullable(),
    asOrg: z.string().nullable(),
    ptr: z.string().nullable(),
    /** pending | ok | none | error | skipped */
    ptrStatus: z.string(),
    /** Dataset packages the facts came from (attribution: DB-IP, RouteViews, NRO, CC BY 4.0). */
    dataset: z.string().nullable(),
  })
  .meta({ id: 'AttackerEnrichment' });
export type AttackerEnrichment = z.infer<typeof AttackerEnrichmentSchema>;

export const AttackerSummarySchema = z
  .object({
    id: z.string(),
    ip: z.string(),
    firstSeen: z.string(),
    lastSeen: z.string(),
    eventCount: z.number(),
    services: z.array(z.string()),
    deckies: z.array(z.string()),
    /** Seen on two or more deckies. */
    isTraversal: z.boolean(),
    credentialCount: z.number(),
    commandCount: z.number(),
    artifactCount: z.number(),
    sessionCount: z.number().optional(),
    behaviorClass: z.string(),
    toolGuesses: z.array(z.string()),
    phases: z.array(z.string()),
    profile: AttackerProfileSchema,
    /** Null until the address is enriched (at its first ingest). */
    enrichment: AttackerEnrichmentSchema.nullable().optional(),
  })
  .meta({ id: 'Attacker' });
export type AttackerSummary = z.infer<typeof AttackerSummarySchema>;

export const AttackerPageSchema = z.object({ items: z.array(AttackerSummarySchema), total: z.number() }).meta({ id: 'AttackerPage' });
export type AttackerPage = z.infer<typeof AttackerPageSchema>;

export const AttackSessionSchema = z
  .object({
    id: z.string(),
    attackerId: z.string().nullable(),
    srcIp: z.string(),
    decky: z.string(),
    service: z.string(),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
    durationMs: z.number(),
    eventCount: z.number(),
    commandCount: z.number(),
    commands: z.array(z.object({ ts: z.string(), cmd: z.string() })),
  })
  .meta({ id: 'AttackSession' });
export type AttackSession = z.infer<typeof AttackSessionSchema>;

export const SessionPageSchema = z.object({ items: z.array(AttackSessionSchema), total: z.number() }).meta({ id: 'SessionPage' });
export type SessionPage = z.infer<typeof SessionPageSchema>;

const Target = z.object({ decky: z.string(), service: z.string() });

export const CredentialSchema = z
  .object({
    id: z.string(),
    secretSha256: z.string(),
    kind: z.string(),
    principal: z.string(),
    secretPrintable: z.string(),
    outcome: z.string().nullable(),
    attempts: z.number(),
    firstSeen: z.string(),
    lastSeen: z.string(),
    targets: z.array(Target),
    attackerIps: z.array(z.string()),
  })
  .meta({ id: 'Credential' });
export type Credential = z.infer<typeof CredentialSchema>;

export const CredentialPageSchema = z.object({ items: z.array(CredentialSchema), total: z.number() }).meta({ id: 'CredentialPage' });
export type CredentialPage = z.infer<typeof CredentialPageSchema>;

export const CredentialReuseSchema = z
  .object({
    id: z.string(),
    secretSha256: z.string(),
    kind: z.string(),
    principal: z.string(),
    secretPrintable: z.string(),
    deckies: z.array(z.string()),
    services: z.array(z.string()),
    targets: z.array(Target),
    attackerIps: z.array(z.string()),
    targetCount: z.number(),
    attempts: z.number(),
    firstSeen: z.string(),
    lastSeen: z.string(),
    detectedAt: z.string(),
  })
  .meta({ id: 'CredentialReuse' });
export type CredentialReuse = z.infer<typeof CredentialReuseSchema>;

export const CredentialReuseListSchema = z.object({ items: z.array(CredentialReuseSchema) }).meta({ id: 'CredentialReuseList' });
export type CredentialReuseList = z.infer<typeof CredentialReuseListSchema>;

export const ArtifactSchema = z
  .object({ id: z.string(), sha256: z.string(), size: z.number(), name: z.string().nullable(), decky: z.string(), service: z.string(), storedAs: z.string().nullable(), ts: z.string() })
  .meta({ id: 'Artifact' });
export type Artifact = z.infer<typeof ArtifactSchema>;

export const AttackerFingerprintSchema = z
  .object({
    /** ja3 | ja4 | hassh | os (p0f guess) | jarm | hassh_server | mac (EUI-64 IPv6 leak) */
    kind: z.string(),
    value: z.string(),
    firstSeen: z.string(),
    lastSeen: z.string(),
    count: z.number(),
  })
  .meta({ id: 'AttackerFingerprint' });
export type AttackerFingerprint = z.infer<typeof AttackerFingerprintSchema>;

/** A conclusion drawn from the attacker's record: `fingerprint_rotated` (tool switching, or several actors behind one NAT). */
export const AttackerFindingSchema = z
  .object({ type: z.literal('fingerprint_rotated'), kind: z.string(), values: z.array(z.string()), windowS: z.number(), detail: z.string() })
  .meta({ id: 'AttackerFinding' });
export type AttackerFinding = z.infer<typeof AttackerFindingSchema>;

export const AttackerDetailSchema = z
  .object({
    attacker: AttackerSummarySchema,
    /** Client fingerprints the sniffer and prober saw from this address, most recent first. */
    fingerprints: z.array(AttackerFingerprintSchema),
    findings: z.array(AttackerFindingSchema),
    sessions: z.array(AttackSessionSchema),
    credentials: z.array(CredentialSchema),
    artifacts: z.array(ArtifactSchema),
    commands: z.array(z.object({ ts: z.string(), decky: z.string(), service: z.string(), cmd: z.string() })),
    /** The most recent events from the attacker's address. */
    events: z.array(EventViewSchema),
  })
  .meta({ id: 'AttackerDetail' });
export type AttackerDetail = z.infer<typeof AttackerDetailSchema>;
