// Creating topologies: blank (a body as given), generated (seeded, deterministic), imported from a
// DECNET INI fleet as a one-LAN topology. Each is validated in full, then stored in one batch with
// its first status event (pending).
import {
  INI_MAX_CHARS, TopologyBodySchema, generateParamIssues, generateTopology, nextFreeAddress, nextFreeSubnet, safeParseFleetIni, withCustomServices, addressFit,
  type DeployWarning, type TopologyBody, type TopologyGenerateParams, type TopologyIniImportRequest, type TopologySnapshot,
} from '@decnet/protocol';
import { and, eq, inArray } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { topologies, topologyLans } from '../../db/schema';
import { AppError } from '../../errors';
import { resolveHostId } from '../deckies/normalize';
import { checkBody, DESIRED_STATUSES, issuesError } from './checks';
import { statusEventStatement } from './status';
import { writeBodyStatements } from './store';
import { snapshotOf } from './view';

function isUniqueViolation(e: unknown): boolean {
  const text = `${String((e as { message?: unknown })?.message ?? '')} ${String((e as { cause?: { message?: unknown } })?.cause?.message ?? '')}`;
  return /UNIQUE constraint failed/i.test(text);
}

/** Runs a write batch; a unique-constraint race (name taken meanwhile) becomes a 409. */
export async function runWrite<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('conflict', `${what}: a name or version was taken concurrently; reload and retry`);
    throw e;
  }
}

export async function createTopology(deps: AppDeps, input: TopologyBody): Promise<TopologySnapshot> {
  const hostId = await resolveHostId(deps, input.hostId);
  if (await deps.db.select({ id: topologies.id }).from(topologies).where(eq(topologies.name, input.name)).get()) {
    throw new AppError('conflict', `A topology named '${input.name}' already exists`);
  }
  // Bodies built here (INI import) have not been through the route's schema: parse them too.
  const parsed = TopologyBodySchema.safeParse({ ...input, hostId });
  if (!parsed.success) throw issuesError(parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message, objects: [] })));
  const body = await checkBody(deps, parsed.data, null);
  const id = crypto.randomUUID();
  const now = deps.now();
  await runWrite(`Topology '${body.name}'`, () =>
    deps.db.batch([
      deps.db.insert(topologies).values({ id, name: body.name, hostId, status: 'pending', version: 0, createdAtMs: now, updatedAtMs: now }),
      statusEventStatement(deps, id, null, 'pending', null, now),
      ...writeBodyStatements(deps, id, body, new Map(), now),
    ] as unknown as Parameters<AppDeps['db']['batch']>[0]),
  );
  return snapshotOf(deps, id);
}

export function generateBody(params: TopologyGenerateParams): TopologyBody {
  const issues = generateParamIssues(params);
  if (issues.length) throw issuesError(issues);
  return generateTopology(params);
}

export async function generateAndCreate(deps: AppDeps, params: TopologyGenerateParams): Promise<TopologySnapshot> {
  const hostId = await resolveHostId(deps, params.hostId);
  return createTopology(deps, generateBody({ ...params, hostId }));
}

/** Subnets of the host's deployed topologies: a new LAN avoids them. */
export async function usedSubnetsOnHost(deps: AppDeps, hostId: string): Promise<string[]> {
  const rows = await deps.db
    .select({ subnet: topologyLans.subnet })
    .from(topologyLans)
    .innerJoin(topologies, eq(topologies.id, topologyLans.topologyId))
    .where(and(eq(topologies.hostId, hostId), inArray(topologies.status, [...DESIRED_STATUSES])));
  return rows.map((r) => r.subnet);
}

export async function importIni(deps: AppDeps, req: TopologyIniImportRequest): Promise<{ topology: TopologySnapshot; warnings: DeployWarning[] }> {
  if (req.iniContent.length > INI_MAX_CHARS) throw new AppError('payload_too_large', `INI text exceeds ${INI_MAX_CHARS} characters`);
  const parsed = safeParseFleetIni(req.iniContent);
  if (!parsed.ok) {
    const { line, detail, code } = parsed.error;
    throw new AppError('validation_failed', `INI line ${line}: ${detail}`, { line, code });
  }
  const hostId = await resolveHostId(deps, req.hostId);
  const subnet = req.subnet ?? parsed.spec.general.net ?? nextFreeSubnet(await usedSubnetsOnHost(deps, hostId));
  if (!subnet) throw new AppError('validation_failed', 'No free subnet left for the LAN');
  const warnings = parsed.spec.warnings.map((w) => ({ line: w.line, message: w.message }));
  const taken: string[] = [];
  const deckies = withCustomServices(parsed.spec.deckies, parsed.spec.custom).map((d, i) => {
    let ip = d.ip && addressFit(d.ip, subnet) === 'ok' && !taken.includes(d.ip) ? d.ip : null;
    if (d.ip && !ip) warnings.push({ line: 0, message: `decky ${d.name}: ip ${d.ip} does not fit LAN ${subnet}; given the next free address` });
    ip ??= nextFreeAddress(subnet, taken);
    if (!ip) throw issuesError([{ field: 'iniContent', message: `LAN ${subnet} has no free address left for decky ${d.name}`, objects: [d.name] }]);
    taken.push(ip);
    const { ip: _ip, ...spec } = d;
    return { ...spec, homes: [{ lan: 'dmz', ip }], forwards: false, pos: { x: (i % 8) * 100 - 350, y: 140 + Math.floor(i / 8) * 110 } };
  });
  const topology = await createTopology(deps, { name: req.name, hostId, lans: [{ name: 'dmz', subnet, dmz: true, pos: { x: 0, y: 0 } }], deckies });
  return { topology, warnings };
}
