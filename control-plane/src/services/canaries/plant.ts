// Planting: a token's text file placed at a plausible path in a decky's fake file system. Placements
// travel to the agent inside the desired state as the reserved `canaries` service-config entry
// (path -> content), which the persona merges into the shell, sftp/scp and FTP file trees.
import { CANARY_PLANT_PATHS, PLANTABLE_GENERATORS, type CanaryGenerator, type CanaryPlacement, type CanaryPlant } from '@decnet/protocol';
import { and, eq, isNull } from 'drizzle-orm';
import { inJsonList } from '../../db/in-json';
import type { AppDeps } from '../../deps';
import { canaryPlacements, canaryTokens, deckies } from '../../db/schema';
import { AppError } from '../../errors';
import { bumpHostsOf, getTokenRow } from './store';

/** The service-config key the templates read bait files from (see templates/src/persona/bait-files.ts). */
export const BAIT_CONFIG_KEY = 'canaries';

export async function plantToken(deps: AppDeps, tokenId: string, input: CanaryPlant): Promise<CanaryPlacement> {
  const t = await getTokenRow(deps, tokenId);
  if (t.revokedAtMs != null) throw new AppError('conflict', 'The token is revoked');
  if (!PLANTABLE_GENERATORS.includes(t.generator as CanaryGenerator) || t.content == null) throw new AppError('conflict', `A ${t.generator} token cannot be planted in a file system; download it instead`);
  const decky = await deps.db.select({ name: deckies.name }).from(deckies).where(eq(deckies.name, input.decky)).get();
  if (!decky) throw new AppError('not_found', 'No such decky');
  const path = input.path ?? CANARY_PLANT_PATHS[t.generator as CanaryGenerator]![0]!;
  const taken = await deps.db.select().from(canaryPlacements).where(and(eq(canaryPlacements.deckyName, decky.name), eq(canaryPlacements.path, path))).get();
  if (taken) throw new AppError('conflict', `${path} on ${decky.name} already holds a canary`);
  const row = { id: crypto.randomUUID(), tokenId, deckyName: decky.name, path, createdAtMs: deps.now() };
  await deps.db.batch([deps.db.insert(canaryPlacements).values(row), ...bumpHostsOf(deps, [decky.name])]);
  return { id: row.id, tokenId, decky: row.deckyName, path, createdAt: new Date(row.createdAtMs).toISOString() };
}

export async function unplant(deps: AppDeps, tokenId: string, placementId: string): Promise<void> {
  const p = await deps.db.select().from(canaryPlacements).where(and(eq(canaryPlacements.id, placementId), eq(canaryPlacements.tokenId, tokenId))).get();
  if (!p) throw new AppError('not_found', 'No such placement');
  await deps.db.batch([deps.db.delete(canaryPlacements).where(eq(canaryPlacements.id, placementId)), ...bumpHostsOf(deps, [p.deckyName])]);
}

/** decky name -> (path -> content) for the given deckies' live (unrevoked) placements. */
export async function baitFilesFor(deps: AppDeps, deckyNames: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  if (deckyNames.length === 0) return out;
  const rows = await deps.db
    .select({ decky: canaryPlacements.deckyName, path: canaryPlacements.path, content: canaryTokens.content })
    .from(canaryPlacements)
    .innerJoin(canaryTokens, eq(canaryTokens.id, canaryPlacements.tokenId))
    .where(and(inJsonList(canaryPlacements.deckyName, deckyNames), isNull(canaryTokens.revokedAtMs)));
  for (const r of rows) {
    if (r.content == null) continue;
    const files = out.get(r.decky) ?? {};
    files[r.path] = r.content;
    out.set(r.decky, files);
  }
  return out;
}
