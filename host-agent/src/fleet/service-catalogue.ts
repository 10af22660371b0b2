// The services a decky can have: protocol's slugs, each available when this build registers it
// (its folder's definition gives ports and description), with the archetypes that use it. The
// heartbeat reports the available ones, so the control plane offers only what this host can run.
import { ARCHETYPES, SERVICE_SLUGS, type HostCatalogue, type Runtime } from '@decnet/protocol';
import { serviceDefinition } from '@decnet/templates';
import { z } from 'zod';

export interface ServiceInfo {
  slug: string;
  /** Every port the service listens on; empty when this build cannot run it. */
  ports: readonly number[];
  description: string;
  /** Registered in this build (the local and docker runtimes can run it). */
  available: boolean;
  archetypes: string[];
}

export function serviceCatalogue(): ServiceInfo[] {
  return SERVICE_SLUGS.filter((s) => s !== 'sniffer').map((slug) => {
    const d = serviceDefinition(slug);
    return {
      slug,
      ports: d?.template.defaultPorts ?? [],
      description: d?.description ?? 'not in this build',
      available: Boolean(d),
      archetypes: ARCHETYPES.filter((a) => (a.services as readonly string[]).includes(slug)).map((a) => a.slug),
    };
  });
}

/** Services a decky can run in this build: the random pool for deploy and mutation. */
export function availableServices(): string[] {
  return serviceCatalogue().filter((s) => s.available).map((s) => s.slug);
}

/** What the heartbeat tells the control plane this host can run. */
export function hostCatalogue(runtime: Runtime): HostCatalogue {
  const services = serviceCatalogue()
    .filter((s) => s.available)
    .map((s) => ({ slug: s.slug, ports: [...s.ports], description: s.description.slice(0, 300), configSchema: configJsonSchema(s.slug) }));
  return { runtime, services };
}

/** The service's config schema as JSON Schema (input side: what an INI or form may send). */
export function configJsonSchema(slug: string): Record<string, unknown> | undefined {
  const schema = serviceDefinition(slug)?.template.configSchema as z.ZodType | undefined;
  if (!schema) return undefined;
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
