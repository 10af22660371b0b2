// Enrollment tokens: single use, expiring, stored only as SHA-256. The answer carries the one-line
// install command an admin pastes on the sensor host.
import type { EnrollmentToken } from '@decnet/protocol';
import type { AppDeps } from '../../deps';
import { enrollmentTokens } from '../../db/schema';
import { randomToken, sha256Hex } from '../../crypto/encoding';
import { AppError } from '../../errors';
import { NO_CA_MESSAGE } from '../../pki/ca';
import { assertHostNameFree } from './manage';

/** The API's EnrollmentToken (protocol). */
export type EnrollmentTokenView = EnrollmentToken;

/** Shell-quotes a value for the install command (single quotes, with embedded quotes escaped). */
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export async function createEnrollmentToken(
  deps: AppDeps,
  actorId: string,
  input: { hostName: string; ttlMinutes?: number; site?: string | undefined },
  requestOrigin: string,
): Promise<EnrollmentTokenView> {
  if (!deps.pki) throw new AppError('conflict', NO_CA_MESSAGE);
  await assertHostNameFree(deps, input.hostName);
  const token = `enr_${randomToken(24)}`;
  const now = deps.now();
  const expiresAtMs = now + (input.ttlMinutes ?? deps.config.enrollTokenTtlMinutes) * 60_000;
  await deps.db.insert(enrollmentTokens).values({
    id: crypto.randomUUID(),
    tokenHash: await sha256Hex(token),
    hostName: input.hostName,
    site: input.site?.trim() || null,
    createdBy: actorId,
    createdAtMs: now,
    expiresAtMs,
  });
  const base = deps.config.publicUrl ?? requestOrigin;
  const installCommand =
    `curl -fsSL ${q(`${base}/agent/v1/install.sh`)} | sudo bash -s -- ` +
    `--url ${q(base)} --token ${q(token)} --ca-sha256 ${deps.pki.ca.sha256} --name ${q(input.hostName)}`;
  return { token, hostName: input.hostName, site: input.site?.trim() || null, expiresAt: new Date(expiresAtMs).toISOString(), caSha256: deps.pki.ca.sha256, installCommand };
}
