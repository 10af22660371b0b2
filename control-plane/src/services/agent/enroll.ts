// Agent enrollment: burn the single-use token (atomically, so two racing agents cannot both use it),
// sign the agent's CSR with the CA and pin the certificate fingerprint on a new host row.
import type { EnrollmentRequest, EnrollmentResponse } from '@decnet/protocol';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { enrollmentTokens, hosts } from '../../db/schema';
import { sha256Hex } from '../../crypto/encoding';
import { AppError } from '../../errors';
import { NO_CA_MESSAGE } from '../../pki/ca';

export async function enrollAgent(deps: AppDeps, req: EnrollmentRequest): Promise<EnrollmentResponse> {
  if (!deps.pki) throw new AppError('conflict', NO_CA_MESSAGE);
  const now = deps.now();
  const hostId = crypto.randomUUID();
  const [token] = await deps.db
    .update(enrollmentTokens)
    .set({ usedAtMs: now, hostId })
    .where(
      and(
        eq(enrollmentTokens.tokenHash, await sha256Hex(req.token)),
        isNull(enrollmentTokens.usedAtMs),
        gt(enrollmentTokens.expiresAtMs, now),
      ),
    )
    .returning();
  if (!token) {
    deps.logger.warn('enrollment refused: unknown, used or expired token', { hostname: req.hostname });
    throw new AppError('unauthorized', 'Enrollment token is invalid, expired or already used');
  }
  const { certPem, fingerprint } = await deps.pki.ca.signAgentCsr(req.csrPem, hostId);
  const inserted = await deps.db
    .insert(hosts)
    .values({
      id: hostId,
      name: token.hostName,
      certFingerprint: fingerprint,
      status: 'active',
      agentVersion: req.agentVersion,
      site: token.site ?? null,
      createdAtMs: now,
    })
    .onConflictDoNothing()
    .returning({ id: hosts.id });
  if (inserted.length === 0) throw new AppError('conflict', `A host named '${token.hostName}' already exists`);
  deps.logger.info('agent enrolled', { hostId, name: token.hostName, reportedHostname: req.hostname });
  return { hostId, certificatePem: certPem, caCertificatePem: deps.pki.ca.certPem, controlPlaneMtlsUrl: deps.pki.mtlsUrl };
}
