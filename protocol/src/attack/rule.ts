// ATT&CK rule shape: what a rule looks at, how it matches (a regex, or a named built-in detector with
// parameters), the techniques it emits and the evidence it keeps. Rules live in the control plane's
// repository folder; this schema checks them at load and describes them on the API.
import { z } from 'zod';

/**
 * What a rule is evaluated on. `event` is "<service>:<event type>" for rules about an event kind;
 * `email` and `browser` are "key: value" lines (one per line) composed from an SMTP transaction or
 * message summary and from a canary's browser fingerprint (control plane, attack/collect.ts, browser.ts).
 */
export const ATTACK_SOURCES = ['command', 'url', 'user_agent', 'credential', 'behaviour', 'fingerprint', 'event', 'email', 'browser'] as const;
export type AttackSource = (typeof ATTACK_SOURCES)[number];

/** Built-in detectors: credential (per event) and behaviour (over the folded aggregates) kinds. */
export const ATTACK_DETECTORS = ['login_success', 'default_credential', 'fingerprint_value', 'brute_force', 'password_guessing', 'password_spraying', 'credential_stuffing', 'beaconing'] as const;
export type AttackDetector = (typeof ATTACK_DETECTORS)[number];

export const AttackEmitSchema = z.object({
  tactic: z.string().regex(/^[a-z-]+$/),
  technique: z.string().regex(/^T\d{4}$/),
  subTechnique: z.string().regex(/^T\d{4}\.\d{3}$/).optional(),
  confidence: z.number().min(0).max(1),
});
export type AttackEmit = z.infer<typeof AttackEmitSchema>;

export const AttackMatchSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pattern'), pattern: z.string().min(1).max(2000), flags: z.enum(['', 'i']).default('i') }),
  z.object({ kind: z.literal('detector'), name: z.enum(ATTACK_DETECTORS), params: z.record(z.string(), z.union([z.number(), z.string(), z.array(z.string())])).default({}) }),
]);
export type AttackMatch = z.infer<typeof AttackMatchSchema>;

export const AttackRuleSchema = z
  .object({
    id: z.string().regex(/^R\d{4}$/),
    version: z.number().int().min(1),
    name: z.string().regex(/^[a-z0-9_]+$/),
    description: z.string().max(500),
    appliesTo: z.array(z.enum(ATTACK_SOURCES)).min(1),
    match: AttackMatchSchema,
    emits: z.array(AttackEmitSchema).min(1),
    /** Evidence fields kept with the tag (e.g. command, url, user_agent, principal, match). */
    evidence: z.array(z.string().regex(/^[a-z_]+$/)).max(8),
  })
  .meta({ id: 'AttackRule' });
export type AttackRule = z.infer<typeof AttackRuleSchema>;
export type AttackRuleInput = z.input<typeof AttackRuleSchema>;

/** The full ATT&CK id a tag carries for an emit: the sub-technique when there is one. */
export const emitTechniqueId = (e: Pick<AttackEmit, 'technique' | 'subTechnique'>) => e.subTechnique ?? e.technique;
