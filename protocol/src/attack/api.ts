// API shapes of ATT&CK tagging: techniques per attacker with evidence, the fleet technique matrix,
// and the rule list with its run-time state (enable, confidence cap) that admins patch.
import { z } from 'zod';
import { AttackRuleSchema } from './rule';

export const AttackTagViewSchema = z
  .object({
    ruleId: z.string(),
    ruleVersion: z.number(),
    source: z.string(),
    sessionId: z.string().nullable(),
    eventId: z.string().nullable(),
    decky: z.string().nullable(),
    service: z.string().nullable(),
    confidence: z.number(),
    count: z.number(),
    firstSeen: z.string(),
    lastSeen: z.string(),
    evidence: z.record(z.string(), z.union([z.string(), z.number()])),
  })
  .meta({ id: 'AttackTag' });
export type AttackTagView = z.infer<typeof AttackTagViewSchema>;

export const AttackTechniqueUseSchema = z
  .object({
    techniqueId: z.string(),
    name: z.string(),
    tactics: z.array(z.string()),
    url: z.string(),
    confidence: z.number(),
    count: z.number(),
    firstSeen: z.string(),
    lastSeen: z.string(),
    tags: z.array(AttackTagViewSchema),
  })
  .meta({ id: 'AttackTechniqueUse' });
export type AttackTechniqueUse = z.infer<typeof AttackTechniqueUseSchema>;

export const AttackerTechniquesSchema = z
  .object({ release: z.string(), attackerIds: z.array(z.string()), techniques: z.array(AttackTechniqueUseSchema) })
  .meta({ id: 'AttackerTechniques' });
export type AttackerTechniques = z.infer<typeof AttackerTechniquesSchema>;

export const AttackMatrixSchema = z
  .object({
    release: z.string(),
    tactics: z.array(z.object({ id: z.string(), short: z.string(), name: z.string() })),
    techniques: z.array(z.object({ techniqueId: z.string(), name: z.string(), tactics: z.array(z.string()), attackers: z.number(), tags: z.number() })),
  })
  .meta({ id: 'AttackMatrix' });
export type AttackMatrix = z.infer<typeof AttackMatrixSchema>;

export const AttackRuleViewSchema = AttackRuleSchema.extend({
  enabled: z.boolean(),
  confidenceMax: z.number().nullable(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  techniques: z.array(z.object({ id: z.string(), name: z.string() })),
}).meta({ id: 'AttackRuleView' });
export type AttackRuleView = z.infer<typeof AttackRuleViewSchema>;

export const AttackRuleListSchema = z.object({ release: z.string(), items: z.array(AttackRuleViewSchema) }).meta({ id: 'AttackRuleList' });
export type AttackRuleList = z.infer<typeof AttackRuleListSchema>;

export const AttackRulePatchSchema = z
  .object({ enabled: z.boolean().optional(), confidenceMax: z.number().min(0).max(1).nullable().optional() })
  .refine((p) => p.enabled !== undefined || p.confidenceMax !== undefined, 'enabled or confidenceMax is required')
  .meta({ id: 'AttackRulePatch' });
export type AttackRulePatch = z.infer<typeof AttackRulePatchSchema>;
