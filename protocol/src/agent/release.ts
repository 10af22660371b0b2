// Agent releases on the wire (issue 19): the release a host's desired state asks it to run (signed by
// the control plane's CA key, ECDSA P-256/SHA-256, IEEE P1363 r||s in base64), the message that
// signature covers, and the agent's update-progress reports (POST /agent/v1/update-status).
import { z } from 'zod';
import { AgentVersionSchema } from './enrollment';

/** Largest agent bundle a control plane stores and an agent downloads. */
export const MAX_RELEASE_BYTES = 64 * 1024 * 1024;

export const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'sha256: 64 lowercase hex digits');
/** base64 of the 64-byte P1363 ECDSA P-256 signature (88 characters). */
export const ReleaseSignatureSchema = z.string().min(80).max(100).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'signature: base64');

export const DesiredReleaseSchema = z.object({
  /** One id per push: a rolled-back push is not retried; a new push of the same version is. */
  id: z.string().uuid(),
  version: AgentVersionSchema,
  sha256: Sha256HexSchema,
  size: z.number().int().min(1).max(MAX_RELEASE_BYTES),
  signature: ReleaseSignatureSchema,
  /** Path on the mutual-TLS API: /agent/v1/releases/{version}/bundle. */
  url: z.string().regex(/^\/agent\/v1\/releases\/[0-9A-Za-z.+_-]{1,64}\/bundle$/, 'release url'),
});
export type DesiredRelease = z.infer<typeof DesiredReleaseSchema>;

/** What the CA key signs for a release: a versioned, unambiguous text (no field contains a newline). */
export function releaseSigningMessage(r: { version: string; sha256: string; size: number }): Uint8Array {
  return new TextEncoder().encode(`decnet-agent-release/v1\nversion=${r.version}\nsha256=${r.sha256}\nsize=${r.size}\n`);
}

/** Per-host update phases; the control plane sets `pending`, the agent reports the rest. */
export const UPDATE_PHASES = ['pending', 'downloading', 'switching', 'healthy', 'rolled_back', 'failed'] as const;
export type UpdatePhase = (typeof UPDATE_PHASES)[number];
export const AGENT_UPDATE_PHASES = ['downloading', 'switching', 'healthy', 'rolled_back', 'failed'] as const;

export const UpdateStatusReportSchema = z.object({
  /** The push id from the desired state's `release`. */
  id: z.string().uuid(),
  version: AgentVersionSchema,
  phase: z.enum(AGENT_UPDATE_PHASES),
  /** Why it failed or was rolled back (bounded, shown as text). */
  reason: z.string().max(1024).optional(),
  /** The version the agent runs when it reports. */
  runningVersion: AgentVersionSchema,
});
export type UpdateStatusReport = z.infer<typeof UpdateStatusReportSchema>;
