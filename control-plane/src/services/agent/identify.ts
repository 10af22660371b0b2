// Who is calling an /agent/v1 route: only the runtime-verified client certificate counts, looked up
// by its pinned fingerprint. Unknown certificates are refused; decommissioned hosts are forbidden.
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import type { AppDeps } from '../../deps';
import { hosts, type HostRow } from '../../db/schema';
import { AppError } from '../../errors';

export async function identifyAgent(deps: AppDeps, c: Context): Promise<HostRow> {
  const fingerprint = deps.clientCertFingerprint(c);
  if (!fingerprint) throw new AppError('unauthorized', 'A client certificate issued by this control plane is required');
  const host = await deps.db.select().from(hosts).where(eq(hosts.certFingerprint, fingerprint)).get();
  if (!host) throw new AppError('unauthorized', 'Unknown client certificate');
  if (host.status !== 'active') throw new AppError('forbidden', 'This host has been decommissioned');
  return host;
}
