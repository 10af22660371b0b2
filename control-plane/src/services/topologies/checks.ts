// Validation of a topology body against the fleet: protocol's pure checks plus what only the
// database knows (names taken by other deckies, the host's deckies and other topologies' subnets),
// and service normalisation (archetype services filled in, unknown services refused). A non-empty
// issue list is a 422 listing them; callers check before writing anything.
import { validateTopology, type TopologyBody, type TopologyIssue, type ValidateContext } from '@decnet/protocol';
import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { deckies, hosts, topologies, topologyLans } from '../../db/schema';
import { AppError } from '../../errors';
import { normalizeSpec } from '../deckies/normalize';

/** Statuses whose deckies and networks are in the host's desired state. */
export const DESIRED_STATUSES = ['deploying', 'active', 'degraded', 'failed'] as const;

export function issuesError(issues: TopologyIssue[]): AppError {
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new AppError('validation_failed', `Invalid ${first.field}: ${first.message}${more}`, { issues });
}

/** Fills archetype services in and refuses unknown ones; returns the normalised body and issues. */
export function normalizeBody(body: TopologyBody): { body: TopologyBody; issues: TopologyIssue[] } {
  const issues: TopologyIssue[] = [];
  const out = {
    ...body,
    deckies: body.deckies.map((d) => {
      try {
        const spec = normalizeSpec({ name: d.name, services: d.services, serviceConfig: d.serviceConfig, ...(d.archetype ? { archetype: d.archetype } : {}) }, []);
        return { ...d, services: spec.services, serviceConfig: spec.serviceConfig };
      } catch (e) {
        issues.push({ field: 'deckies.services', message: e instanceof Error ? e.message : String(e), objects: [d.name] });
        return d;
      }
    }),
  };
  return { body: out, issues };
}

export async function validationContext(deps: AppDeps, body: TopologyBody, topologyId: string | null): Promise<ValidateContext> {
  const notThis = topologyId ? or(isNull(deckies.topologyId), ne(deckies.topologyId, topologyId)) : undefined;
  const names = body.deckies.map((d) => d.name);
  const taken: string[] = [];
  const chunk = Math.max(1, deps.sqlParamLimit - 2);
  for (let i = 0; i < names.length; i += chunk) {
    const rows = await deps.db.select({ name: deckies.name }).from(deckies).where(and(inArray(deckies.name, names.slice(i, i + chunk)), notThis));
    taken.push(...rows.map((r) => r.name));
  }
  const onHost = await deps.db
    .select({ n: sql<number>`count(*)` })
    .from(deckies)
    .leftJoin(topologies, eq(topologies.id, deckies.topologyId))
    .where(and(eq(deckies.hostId, body.hostId), or(isNull(deckies.topologyId), and(inArray(topologies.status, [...DESIRED_STATUSES]), topologyId ? ne(topologies.id, topologyId) : undefined))))
    .get();
  const others = await deps.db
    .select({ topology: topologies.name, lan: topologyLans.name, subnet: topologyLans.subnet })
    .from(topologyLans)
    .innerJoin(topologies, eq(topologies.id, topologyLans.topologyId))
    .where(and(eq(topologies.hostId, body.hostId), inArray(topologies.status, [...DESIRED_STATUSES]), topologyId ? ne(topologies.id, topologyId) : undefined));
  // The host's own deployment limit (issue 19), when set and tighter than the control plane's.
  const host = await deps.db.select({ max: hosts.maxDeckies }).from(hosts).where(eq(hosts.id, body.hostId)).get();
  const maxDeckiesPerHost = host?.max != null ? Math.min(host.max, deps.config.maxDeckiesPerHost) : deps.config.maxDeckiesPerHost;
  return { maxDeckiesPerHost, otherDeckiesOnHost: Number(onHost?.n ?? 0), takenDeckyNames: taken, otherSubnets: others };
}

/** Normalises and validates; throws the 422 listing every issue, or returns the body to store. */
export async function checkBody(deps: AppDeps, body: TopologyBody, topologyId: string | null, extra: Partial<ValidateContext> = {}): Promise<TopologyBody> {
  const issues = await bodyIssues(deps, body, topologyId, extra);
  if (issues.issues.length) throw issuesError(issues.issues);
  return issues.body;
}

export async function bodyIssues(deps: AppDeps, body: TopologyBody, topologyId: string | null, extra: Partial<ValidateContext> = {}): Promise<{ body: TopologyBody; issues: TopologyIssue[] }> {
  const n = normalizeBody(body);
  const ctx = { ...(await validationContext(deps, n.body, topologyId)), ...extra };
  return { body: n.body, issues: [...n.issues, ...validateTopology(n.body, ctx)] };
}
