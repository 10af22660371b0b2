// Realism self-test (issue 17): the per-decky report the agent uploads after testing its own disguise
// (nmap -sV -O and the detectability catalogue's checks), and the desired-state request that asks for one.
import { z } from 'zod';
import { DeckyNameSchema } from '../fleet/decky-spec';

export const REALISM_CHECKS = [
  'nmap-services', 'nmap-os', 'persona-consistency', 'static-banners', 'accept-any-password',
  'shared-keys', 'fleet-constants', 'impossible-outputs', 'timing',
] as const;
export const RealismCheckIdSchema = z.enum(REALISM_CHECKS);
export type RealismCheckId = z.infer<typeof RealismCheckIdSchema>;

/** Attacker-visible text is hostile: bounded here, escaped by every view. */
const text = (max: number) => z.string().max(max);

export const RealismEvidenceSchema = z.object({
  /** Where it was seen, e.g. "ssh banner (22/tcp)". */
  layer: text(120),
  /** What an attacker sees. */
  seen: text(600),
  /** What the persona would show instead (absent for plain observations). */
  expected: text(600).optional(),
});
export type RealismEvidence = z.infer<typeof RealismEvidenceSchema>;

export const RealismCheckSchema = z.object({
  id: RealismCheckIdSchema,
  status: z.enum(['pass', 'fail', 'skip']),
  summary: text(600),
  evidence: z.array(RealismEvidenceSchema).max(64),
});
export type RealismCheck = z.infer<typeof RealismCheckSchema>;

export const RealismReportSchema = z.object({
  decky: DeckyNameSchema,
  /** The desired-state request this answers; absent for a `decnet-agent selftest` run by hand. */
  requestId: z.string().uuid().optional(),
  ranAt: z.string().datetime(),
  durationMs: z.number().int().nonnegative(),
  /** Persona the decky claims, e.g. "linux/debian web-server". */
  persona: text(200),
  nmap: z.object({ available: z.boolean(), osScan: z.boolean() }),
  /** What an attacker sees per open service: the first bytes or the Server header, nmap's name. */
  attackerView: z.array(z.object({ service: text(48), port: z.number().int().min(0).max(65535), text: text(600) })).max(64),
  checks: z.array(RealismCheckSchema).max(REALISM_CHECKS.length),
});
export type RealismReport = z.infer<typeof RealismReportSchema>;

/** POST /agent/v1/realism-reports (mutual TLS). */
export const RealismUploadSchema = z.object({ reports: z.array(RealismReportSchema).min(1).max(256) });
export type RealismUpload = z.infer<typeof RealismUploadSchema>;

/** Desired-state field: run the self-test once for this request id (all deckies, or the ones named). */
export const SelftestRequestSchema = z.object({
  requestId: z.string().uuid(),
  deckies: z.array(DeckyNameSchema).max(4096).optional(),
});
export type SelftestRequest = z.infer<typeof SelftestRequestSchema>;

/** A report's verdict: fail when any check failed. */
export function realismPassed(r: Pick<RealismReport, 'checks'>): boolean {
  return r.checks.every((c) => c.status !== 'fail');
}
