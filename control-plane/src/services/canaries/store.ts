// Token verbs: create (material + match values), list/get with placements, revoke (removes every
// placement, bumping the desired version of each affected host so the next sync drops the files).
import { CANARY_GENERATORS, type CanaryCreate, type CanaryGenerator, type CanaryToken } from '@decnet/protocol';
import { desc, eq, inArray, sql } from 'drizzle-orm';
import { inJsonList } from '../../db/in-json';
import type { AppDeps } from '../../deps';
import { canaryMatchValues, canaryPlacements, canaryTokens, deckies, hosts, type CanaryPlacementRow, type CanaryTokenRow } from '../../db/schema';
import { AppError } from '../../errors';
import { newMaterial, newNonce, newSlug } from './generators';
import { bumpDesired } from '../hosts/desired-bump';

/** Optional runtime setting (Node: DECNET_CANARY_DNS_ZONE): the zone delegated to the control plane. */
export type CanaryDeps = AppDeps & { canaryDnsZone?: string };

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

export function toTokenView(t: CanaryTokenRow, placements: CanaryPlacementRow[]): CanaryToken {
  return {
    id: t.id, slug: t.slug, kind: t.kind as CanaryToken['kind'], generator: t.generator as CanaryGenerator, memo: t.memo, url: t.url,
    dnsName: t.dnsName, principal: t.principal, fileName: t.fileName, createdAt: iso(t.createdAtMs)!, revokedAt: iso(t.revokedAtMs),
    triggerCount: t.triggerCount, lastTriggeredAt: iso(t.lastTriggeredMs),
    placements: placements.map((p) => ({ id: p.id, tokenId: p.tokenId, decky: p.deckyName, path: p.path, createdAt: iso(p.createdAtMs)! })),
  };
}

export async function createToken(deps: CanaryDeps, input: CanaryCreate, requestOrigin: string): Promise<CanaryToken> {
  const zone = deps.canaryDnsZone?.replace(/^\.+|\.+$/g, '').toLowerCase();
  if (input.generator === 'dns' && !zone) throw new AppError('conflict', 'DNS tokens need a delegated zone: set DECNET_CANARY_DNS_ZONE on the control plane');
  const id = crypto.randomUUID();
  const slug = newSlug();
  const nonce = newNonce();
  const base = (input.baseUrl ?? deps.config.publicUrl ?? requestOrigin).replace(/\/+$/, '');
  const url = `${base}/c/${slug}`;
  const m = await newMaterial(input.generator, id, url, nonce, input.principal);
  const row: CanaryTokenRow = {
    id, slug, kind: CANARY_GENERATORS[input.generator], generator: input.generator, memo: input.memo, nonce, url,
    dnsName: zone ? `${slug}.${zone}` : null, principal: m.principal, secret: m.secret, fileName: m.fileName, content: m.content,
    createdAtMs: deps.now(), revokedAtMs: null, triggerCount: 0, lastTriggeredMs: null,
  };
  const values = [...new Set(m.matchValues)].map((value) => ({ value, tokenId: id }));
  await deps.db.batch([deps.db.insert(canaryTokens).values(row), ...(values.length ? [deps.db.insert(canaryMatchValues).values(values)] : [])]);
  return toTokenView(row, []);
}

export async function getTokenRow(deps: AppDeps, id: string): Promise<CanaryTokenRow> {
  const row = await deps.db.select().from(canaryTokens).where(eq(canaryTokens.id, id)).get();
  if (!row) throw new AppError('not_found', 'No such canary token');
  return row;
}

export async function getToken(deps: AppDeps, id: string): Promise<CanaryToken> {
  const row = await getTokenRow(deps, id);
  return toTokenView(row, await deps.db.select().from(canaryPlacements).where(eq(canaryPlacements.tokenId, id)));
}

export async function listTokens(deps: AppDeps, limit = 500): Promise<CanaryToken[]> {
  const rows = await deps.db.select().from(canaryTokens).orderBy(desc(canaryTokens.createdAtMs)).limit(limit);
  const placements = rows.length ? await deps.db.select().from(canaryPlacements).where(inJsonList(canaryPlacements.tokenId, rows.map((r) => r.id))) : [];
  return rows.map((r) => toTokenView(r, placements.filter((p) => p.tokenId === r.id)));
}

/** Bumps the desired version of the hosts running the named deckies (their agents re-sync). */
export function bumpHostsOf(deps: AppDeps, deckyNames: string[]) {
  return bumpDesired(deps, inArray(hosts.id, deps.db.select({ h: sql<string>`${deckies.hostId}` }).from(deckies).where(inJsonList(deckies.name, deckyNames))));
}

export async function revokeToken(deps: AppDeps, id: string): Promise<CanaryToken> {
  const row = await getTokenRow(deps, id);
  const placements = await deps.db.select().from(canaryPlacements).where(eq(canaryPlacements.tokenId, id));
  const now = row.revokedAtMs ?? deps.now();
  await deps.db.batch([
    deps.db.update(canaryTokens).set({ revokedAtMs: now }).where(eq(canaryTokens.id, id)),
    deps.db.delete(canaryMatchValues).where(eq(canaryMatchValues.tokenId, id)),
    deps.db.delete(canaryPlacements).where(eq(canaryPlacements.tokenId, id)),
    ...bumpHostsOf(deps, placements.map((p) => p.deckyName)),
  ]);
  return toTokenView({ ...row, revokedAtMs: now }, []);
}
