// Desired-state writes: upsert deckies onto a host, update, delete. Every write bumps the desired
// version of each affected host in the same batch, which wakes its agent's long-poll.
import type { DeckySpec } from '@decnet/protocol';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { inJsonList } from '../../db/in-json';
import type { AppDeps } from '../../deps';
import { deckies, hosts, type DeckyRow } from '../../db/schema';
import { AppError } from '../../errors';
import { servicesOfHost } from './catalogue';
import { normalizeSpec } from './normalize';
import { assertHostCapacity } from '../fleet/settings';
import { toDeckyView, type DeckyView } from './view';
import { bumpDesired } from '../hosts/desired-bump';

function bump(deps: AppDeps, hostIds: string[]) {
  return bumpDesired(deps, inArray(hosts.id, [...new Set(hostIds)]));
}

/** Upserts specs onto one host; with `replace`, that host's deckies missing from `specs` are removed. */
export async function upsertDeckies(deps: AppDeps, hostId: string, specs: DeckySpec[], replace = false): Promise<DeckyView[]> {
  // Only a decky with neither services nor archetype draws from what the host offers.
  const offered = specs.some((s) => s.services.length === 0 && !s.archetype) ? await servicesOfHost(deps, hostId) : undefined;
  const normalized = specs.map((s) => normalizeSpec(s, offered));
  const names = normalized.map((s) => s.name);
  const existing = names.length ? await deps.db.select().from(deckies).where(inJsonList(deckies.name, names)) : [];
  const owned = existing.filter((d) => d.topologyId);
  if (owned.length) throw new AppError('conflict', `Decky name(s) ${owned.map((d) => d.name).join(', ')} belong to a topology: change them through its mutations`, { deckies: owned.map((d) => d.name) });
  const byName = new Map(existing.map((d) => [d.name, d]));
  const now = deps.now();
  const rows: DeckyRow[] = normalized.map((s) => ({
    id: byName.get(s.name)?.id ?? crypto.randomUUID(),
    name: s.name,
    hostId,
    archetype: s.archetype ?? null,
    servicesJson: JSON.stringify(s.services),
    serviceConfigJson: JSON.stringify(s.serviceConfig),
    nmapOs: s.nmapOs ?? null,
    mutateIntervalMin: s.mutateIntervalMin ?? null,
    ip: s.ip ?? null,
    reportedState: byName.get(s.name)?.reportedState ?? null,
    reportedServicesJson: byName.get(s.name)?.reportedServicesJson ?? null,
    reportedError: byName.get(s.name)?.reportedError ?? null,
    reportedAtMs: byName.get(s.name)?.reportedAtMs ?? null,
    topologyId: null,
    forwards: false,
    posX: null,
    posY: null,
    createdAtMs: byName.get(s.name)?.createdAtMs ?? now,
    updatedAtMs: now,
  }));
  const stale = replace
    ? (await deps.db.select({ id: deckies.id, name: deckies.name }).from(deckies).where(and(eq(deckies.hostId, hostId), isNull(deckies.topologyId)))).filter((d) => !names.includes(d.name))
    : [];
  await assertHostCapacity(deps, hostId, names, stale.map((d) => d.name));
  const affectedHosts = [hostId, ...existing.map((d) => d.hostId).filter((h): h is string => !!h)];
  await deps.db.batch([
    ...rows.map((r) => deps.db.insert(deckies).values(r).onConflictDoUpdate({ target: deckies.name, set: { ...r, id: sql`${deckies.id}` } })),
    ...(stale.length ? [deps.db.delete(deckies).where(inJsonList(deckies.id, stale.map((d) => d.id)))] : []),
    ...bump(deps, affectedHosts),
  ] as unknown as Parameters<AppDeps['db']['batch']>[0]);
  return rows.map(toDeckyView);
}

export async function getDecky(deps: AppDeps, name: string): Promise<DeckyRow> {
  const row = await deps.db.select().from(deckies).where(eq(deckies.name, name)).get();
  if (!row) throw new AppError('not_found', `No decky named '${name}'`);
  return row;
}

export async function removeDecky(deps: AppDeps, name: string): Promise<void> {
  const row = await getDecky(deps, name);
  if (row.topologyId) throw new AppError('conflict', `Decky '${name}' belongs to a topology: remove it with a remove_decky mutation`, { decky: name });
  await deps.db.batch([deps.db.delete(deckies).where(eq(deckies.id, row.id)), ...bump(deps, row.hostId ? [row.hostId] : [])]);
}
