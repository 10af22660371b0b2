// Who is calling an /agent/v1 route: only the runtime-verified client certificate counts, looked up
// by its pinned fingerprint. Unknown certificates are refused; decommissioned hosts are forbidden
// (except the decommission hand-over itself, below).
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import type { AppDeps } from '../../deps';
import { hosts, type HostRow } from '../../db/schema';
import { AppError } from '../../errors';

/**
 * `allowDecommissioned`: the desired-state and ack routes still answer a decommissioned host until its
 * agent confirmed it tore down and forgot its identity (issue 19); after that its certificate is refused.
 */
export async function identifyAgent(deps: AppDeps, c: Context, o: { allowDecommissioned?: boolean } = {}): Promise<HostRow> {
  const fingerprint = deps.clientCertFingerprint(c);
  if (!fingerprint) throw new AppError('unauthorized', 'A client certificate issued by this control plane is required');
  const host = await deps.db.select().from(hosts).where(eq(hosts.certFingerprint, fingerprint)).get();
  if (!host) throw new AppError('unauthorized', 'Unknown client certificate');
  if (o.allowDecommissioned && host.status === 'decommissioned' && host.decommissionAckedAtMs == null) return host;
  if (host.status !== 'active') throw new AppError('forbidden', 'This host has been decommissioned');
  return host;
}
