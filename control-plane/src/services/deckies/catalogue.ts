// The deploy catalogue: what each active host's agent reports it can run (its heartbeat's
// catalogue: registered services and runtime), joined with protocol's archetypes. For one host when
// given, or the only/every active host; an archetype lists what the target would run without.
import { ARCHETYPES, customServiceOf, HostCatalogueSchema, isServiceSlug, OS_FAMILIES, type Catalogue, type CatalogueService, type HostCatalogue } from '@decnet/protocol';
import { and, eq } from 'drizzle-orm';
import type { AppDeps } from '../../deps';
import { deckies, hosts } from '../../db/schema';
import { AppError } from '../../errors';

interface HostOffer {
  id: string;
  catalogue: HostCatalogue | undefined;
}

function offerOf(heartbeatJson: string | null): HostCatalogue | undefined {
  if (!heartbeatJson) return undefined;
  try {
    const parsed = HostCatalogueSchema.safeParse((JSON.parse(heartbeatJson) as { catalogue?: unknown }).catalogue);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function activeOffers(deps: AppDeps, hostId?: string): Promise<HostOffer[]> {
  const where = hostId ? and(eq(hosts.status, 'active'), eq(hosts.id, hostId)) : eq(hosts.status, 'active');
  const rows = await deps.db.select({ id: hosts.id, heartbeatJson: hosts.heartbeatJson }).from(hosts).where(where);
  if (hostId && rows.length === 0) throw new AppError('validation_failed', `No active host with id '${hostId}'`);
  return rows.map((r) => ({ id: r.id, catalogue: offerOf(r.heartbeatJson) }));
}

/** Services the host can run, as its last heartbeat said; undefined before it has said. */
export async function servicesOfHost(deps: AppDeps, hostId: string): Promise<string[] | undefined> {
  const [offer] = await activeOffers(deps, hostId).catch(() => []);
  return offer?.catalogue?.services.map((s) => s.slug);
}

export async function catalogueFor(deps: AppDeps, hostId?: string): Promise<Catalogue> {
  const offers = await activeOffers(deps, hostId);
  // With no host named and exactly one active, that one is the target (as deploys default to it).
  const target = hostId ? offers[0] : offers.length === 1 ? offers[0] : undefined;
  const scope = target ? [target] : offers;
  const bySlug = new Map<string, { ports: number[]; description: string; hosts: string[]; inScope: boolean; configSchema?: Record<string, unknown> }>();
  for (const o of offers) {
    for (const s of o.catalogue?.services ?? []) {
      const e = bySlug.get(s.slug) ?? { ports: s.ports, description: s.description, hosts: [], inScope: false, configSchema: s.configSchema };
      e.hosts.push(o.id);
      e.inScope ||= scope.includes(o);
      bySlug.set(s.slug, e);
    }
  }
  const services = [...bySlug.entries()]
    .map(([slug, e]) => ({ slug, ports: e.ports, description: e.description, available: e.inScope, hosts: e.hosts, ...(e.configSchema ? { configSchema: e.configSchema } : {}) }))
    .sort((a, b) => a.slug.localeCompare(b.slug));
  services.push(...(await fleetCustomServices(deps, offers, target)));
  const available = new Set(services.filter((s) => s.available).map((s) => s.slug));
  return {
    hostId: target?.id ?? null,
    runtime: target?.catalogue?.runtime ?? null,
    services,
    archetypes: ARCHETYPES.map((a) => ({
      slug: a.slug, services: [...a.services], description: a.description, nmapOs: a.nmapOs,
      missing: a.services.filter((s) => !available.has(s)),
    })),
    osFamilies: [...OS_FAMILIES],
  };
}

/** The fleet's bring-your-own services (from its deckies' definitions): runnable on docker hosts. */
async function fleetCustomServices(deps: AppDeps, offers: readonly HostOffer[], target: HostOffer | undefined): Promise<CatalogueService[]> {
  const rows = await deps.db.select({ services: deckies.servicesJson, config: deckies.serviceConfigJson }).from(deckies);
  const found = new Map<string, { ports: number[]; image: string }>();
  for (const r of rows) {
    try {
      const services = JSON.parse(r.services) as string[];
      const serviceConfig = JSON.parse(r.config) as Record<string, Record<string, string>>;
      for (const s of services) {
        const d = isServiceSlug(s) ? undefined : customServiceOf({ serviceConfig }, s);
        if (d && !found.has(s)) found.set(s, { ports: d.ports, image: d.image });
      }
    } catch {
      // A row that does not parse offers nothing.
    }
  }
  const dockerHosts = offers.filter((o) => o.catalogue?.runtime === 'docker').map((o) => o.id);
  return [...found.entries()].map(([slug, d]) => ({
    slug, ports: d.ports, description: `custom service (image ${d.image})`, custom: true,
    available: target ? dockerHosts.includes(target.id) : dockerHosts.length > 0, hosts: dockerHosts,
  }));
}
