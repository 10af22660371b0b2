// Who is calling an /agent/v1 route: only the runtime-verified client certificate counts, looked up
// by its pinned fingerprint. Unknown certificates are refused; decommissioned hosts are forbidden
// (except the decommission hand-over itself, below).
import { eq, getTableColumns } from 'drizzle-orm';
import type { Context } from 'hono';
import type { AppDeps } from '../../deps';
import { hosts, type HostRow } from '../../db/schema';
import { AppError } from '../../errors';

const HOST_COLUMNS = Object.entries(getTableColumns(hosts));
const HOST_BY_FINGERPRINT = `SELECT ${HOST_COLUMNS.map(([, col]) => `"${col.name}"`).join(', ')} FROM hosts WHERE cert_fingerprint = ?`;

/**
 * The host holding this certificate. Every agent request asks, so on Node it is one cached native
 * statement (a fleet of 1,000 agents asks thousands of times a second), its row mapped to the
 * drizzle shape by the table's own column definitions; elsewhere the drizzle query.
 */
async function hostByFingerprint(deps: AppDeps, fingerprint: string): Promise<HostRow | undefined> {
  if (!deps.syncSql) return deps.db.select().from(hosts).where(eq(hosts.certFingerprint, fingerprint)).get();
  const raw = deps.syncSql.stmt(HOST_BY_FINGERPRINT).raw().get(fingerprint) as unknown[] | undefined;
  if (!raw) return undefined;
  const row: Record<string, unknown> = {};
  HOST_COLUMNS.forEach(([key, col], i) => (row[key] = raw[i] == null ? null : col.mapFromDriverValue(raw[i])));
  return row as HostRow;
}

/**
 * `allowDecommissioned`: the desired-state and ack routes still answer a decommissioned host until its
 * agent confirmed it tore down and forgot its identity (issue 19); after that its certificate is refused.
 */
export async function identifyAgent(deps: AppDeps, c: Context, o: { allowDecommissioned?: boolean } = {}): Promise<HostRow> {
  const fingerprint = deps.clientCertFingerprint(c);
  if (!fingerprint) throw new AppError('unauthorized', 'A client certificate issued by this control plane is required');
  const host = await hostByFingerprint(deps, fingerprint);
  if (!host) throw new AppError('unauthorized', 'Unknown client certificate');
  if (o.allowDecommissioned && host.status === 'decommissioned' && host.decommissionAckedAtMs == null) return host;
  if (host.status !== 'active') throw new AppError('forbidden', 'This host has been decommissioned');
  return host;
}
