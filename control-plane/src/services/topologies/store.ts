// Reads a topology's body from its rows (LANs, deckies, edges) and builds the statements that
// replace those rows with a new body. Writers run the statements in one batch (one transaction).
import type { TopologyBody, TopologyDecky } from '@decnet/protocol';
import { asc, eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { deckies, topologies, topologyEdges, topologyLans, type DeckyRow, type TopologyRow } from '../../db/schema';
import { inJsonList } from '../../db/in-json';
import { AppError } from '../../errors';

export type Stmt = Parameters<AppDeps['db']['batch']>[0][number];

export interface LoadedTopology {
  row: TopologyRow;
  body: TopologyBody;
  /** The topology's decky rows by name (reported state, ids). */
  rows: Map<string, DeckyRow>;
}

export async function getTopologyRow(deps: AppDeps, id: string): Promise<TopologyRow> {
  const row = await deps.db.select().from(topologies).where(eq(topologies.id, id)).get();
  if (!row) throw new AppError('not_found', `No topology with id '${id.slice(0, 64)}'`);
  return row;
}

export function deckyOfRow(d: DeckyRow, homes: { lan: string; ip: string }[]): TopologyDecky {
  return {
    name: d.name,
    ...(d.archetype ? { archetype: d.archetype as TopologyDecky['archetype'] } : {}),
    services: JSON.parse(d.servicesJson) as string[],
    serviceConfig: JSON.parse(d.serviceConfigJson) as TopologyDecky['serviceConfig'],
    ...(d.nmapOs ? { nmapOs: d.nmapOs as TopologyDecky['nmapOs'] } : {}),
    ...(d.mutateIntervalMin != null ? { mutateIntervalMin: d.mutateIntervalMin } : {}),
    homes,
    forwards: d.forwards,
    pos: { x: d.posX ?? 0, y: d.posY ?? 0 },
  };
}

export async function loadTopology(deps: AppDeps, idOrRow: string | TopologyRow): Promise<LoadedTopology> {
  const row = typeof idOrRow === 'string' ? await getTopologyRow(deps, idOrRow) : idOrRow;
  const [lans, drows, edges] = await deps.db.batch([
    deps.db.select().from(topologyLans).where(eq(topologyLans.topologyId, row.id)).orderBy(asc(topologyLans.ord)),
    deps.db.select().from(deckies).where(eq(deckies.topologyId, row.id)).orderBy(asc(deckies.createdAtMs), asc(deckies.name)),
    deps.db.select().from(topologyEdges).where(eq(topologyEdges.topologyId, row.id)).orderBy(asc(topologyEdges.ord)),
  ]);
  const homesOf = new Map<string, { lan: string; ip: string }[]>();
  for (const e of edges) {
    const list = homesOf.get(e.deckyId) ?? [];
    list.push({ lan: e.lan, ip: e.ip });
    homesOf.set(e.deckyId, list);
  }
  const body: TopologyBody = {
    name: row.name,
    hostId: row.hostId,
    lans: lans.map((l) => ({ name: l.name, subnet: l.subnet, dmz: l.dmz, pos: { x: l.posX, y: l.posY } })),
    deckies: drows.map((d) => deckyOfRow(d, homesOf.get(d.id) ?? [])),
  };
  return { row, body, rows: new Map(drows.map((d) => [d.name, d])) };
}

/**
 * Statements replacing the topology's LANs, deckies and edges with `body`. Deckies keep their row
 * id, creation time and reported state by name.
 */
export function writeBodyStatements(deps: AppDeps, topologyId: string, body: TopologyBody, existing: Map<string, DeckyRow>, now: number): Stmt[] {
  const names = new Set(body.deckies.map((d) => d.name));
  const removed = [...existing.values()].filter((d) => !names.has(d.name)).map((d) => d.id);
  const stmts: Stmt[] = [
    deps.db.delete(topologyLans).where(eq(topologyLans.topologyId, topologyId)),
    deps.db.delete(topologyEdges).where(eq(topologyEdges.topologyId, topologyId)),
  ];
  if (removed.length) stmts.push(deps.db.delete(deckies).where(inJsonList(deckies.id, removed)));
  // D1 allows 100 bound parameters per statement: chunk multi-row inserts by the driver's limit.
  const lanRows = body.lans.map((l, i) => ({ id: crypto.randomUUID(), topologyId, name: l.name, subnet: l.subnet, dmz: l.dmz, posX: l.pos.x, posY: l.pos.y, ord: i }));
  const lanChunk = Math.max(1, Math.floor(deps.sqlParamLimit / 8));
  for (let i = 0; i < lanRows.length; i += lanChunk) stmts.push(deps.db.insert(topologyLans).values(lanRows.slice(i, i + lanChunk)));
  const edges: (typeof topologyEdges.$inferInsert)[] = [];
  body.deckies.forEach((d) => {
    const prev = existing.get(d.name);
    const row: DeckyRow = {
      id: prev?.id ?? crypto.randomUUID(),
      name: d.name,
      hostId: body.hostId,
      archetype: d.archetype ?? null,
      servicesJson: JSON.stringify(d.services),
      serviceConfigJson: JSON.stringify(d.serviceConfig),
      nmapOs: d.nmapOs ?? null,
      mutateIntervalMin: d.mutateIntervalMin ?? null,
      ip: d.homes[0]?.ip ?? null,
      reportedState: prev?.reportedState ?? null,
      reportedServicesJson: prev?.reportedServicesJson ?? null,
      reportedError: prev?.reportedError ?? null,
      reportedAtMs: prev?.reportedAtMs ?? null,
      topologyId,
      forwards: d.forwards,
      posX: d.pos.x,
      posY: d.pos.y,
      createdAtMs: prev?.createdAtMs ?? now,
      updatedAtMs: now,
    };
    stmts.push(deps.db.insert(deckies).values(row).onConflictDoUpdate({ target: deckies.id, set: row }));
    d.homes.forEach((h, ord) => edges.push({ topologyId, deckyId: row.id, lan: h.lan, ip: h.ip, ord }));
  });
  const edgeChunk = Math.max(1, Math.floor(deps.sqlParamLimit / 5));
  for (let i = 0; i < edges.length; i += edgeChunk) stmts.push(deps.db.insert(topologyEdges).values(edges.slice(i, i + edgeChunk)));
  return stmts;
}
