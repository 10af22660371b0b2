// Admin host management: list, rename, the per-host prober switch, and decommission (which refuses the
// host's certificate from then on; the row stays for history and its name is freed for re-enrollment).
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { hosts, type HostRow } from '../../db/schema';
import { AppError } from '../../errors';
import { toHostView, type HostView } from './view';
import { bumpDesired } from './desired-bump';

export async function listHosts(deps: AppDeps): Promise<HostView[]> {
  const rows = await deps.db.select().from(hosts).orderBy(asc(hosts.createdAtMs));
  const now = deps.now();
  return rows.map((h) => toHostView(h, now));
}

export async function getHost(deps: AppDeps, id: string): Promise<HostRow> {
  const row = await deps.db.select().from(hosts).where(eq(hosts.id, id)).get();
  if (!row) throw new AppError('not_found', 'Host not found');
  return row;
}

export async function assertHostNameFree(deps: AppDeps, name: string, exceptId = ''): Promise<void> {
  const clash = await deps.db
    .select({ id: hosts.id })
    .from(hosts)
    .where(and(eq(hosts.name, name), ne(hosts.id, exceptId), ne(hosts.status, 'decommissioned')))
    .get();
  if (clash) throw new AppError('conflict', `A host named '${name}' already exists`);
}

export async function renameHost(deps: AppDeps, id: string, name: string): Promise<HostView> {
  const host = await getHost(deps, id);
  if (host.status === 'decommissioned') throw new AppError('conflict', 'Host is decommissioned');
  await assertHostNameFree(deps, name, id);
  const [row] = await deps.db.update(hosts).set({ name }).where(eq(hosts.id, id)).returning();
  return toHostView(row!, deps.now());
}

/** Sets the host's prober switch (null: the agent's config decides); a change bumps the desired version so the agent's long-poll returns it. */
export async function setHostProber(deps: AppDeps, id: string, enabled: boolean | null): Promise<HostView> {
  const host = await getHost(deps, id);
  if (host.status === 'decommissioned') throw new AppError('conflict', 'Host is decommissioned');
  if ((host.proberEnabled ?? null) === enabled) return toHostView(host, deps.now());
  const [update, generation] = bumpDesired(deps, eq(hosts.id, id), { proberEnabled: enabled });
  const [[row]] = await deps.db.batch([update.returning(), generation]);
  return toHostView(row!, deps.now());
}

export async function decommissionHost(deps: AppDeps, id: string): Promise<HostView> {
  const host = await getHost(deps, id);
  const now = deps.now();
  // The unique name is released (suffixed) so the same machine can enroll again under its name.
  if (host.status === 'decommissioned') return toHostView(host, now);
  // The bumped version wakes the agent's long-poll: its next desired state says decommission.
  const [update, generation] = bumpDesired(deps, eq(hosts.id, id), { status: 'decommissioned', decommissionedAtMs: host.decommissionedAtMs ?? now, name: `${host.name}~${id.slice(0, 8)}` });
  const [[row]] = await deps.db.batch([update.returning(), generation]);
  return toHostView(row!, now);
}
