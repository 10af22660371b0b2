// Response of GET /catalogue: the archetypes and services a deploy may use on a target host, from
// what that host's agent reports it can run (its build and runtime), with what each archetype misses.
import { z } from 'zod';
import { OS_FAMILIES } from '../fleet/os-fingerprints';

export const CatalogueServiceSchema = z
  .object({
    slug: z.string(),
    ports: z.array(z.number()),
    description: z.string(),
    /** The target host (or, with none given, some active host) can run it. */
    available: z.boolean(),
    /** Ids of the active hosts that can run it. */
    hosts: z.array(z.string()),
    /** JSON Schema of its config keys (from the template's own zod schema), when the host sent one. */
    configSchema: z.record(z.string(), z.unknown()).optional(),
    /** A bring-your-own service defined by this fleet ([custom-<name>]); runs on docker hosts only. */
    custom: z.boolean().optional(),
  })
  .meta({ id: 'CatalogueService' });
export type CatalogueService = z.infer<typeof CatalogueServiceSchema>;

export const CatalogueArchetypeSchema = z
  .object({
    slug: z.string(),
    services: z.array(z.string()),
    description: z.string(),
    nmapOs: z.enum(OS_FAMILIES),
    /** Services of the archetype the target cannot run (deployed without them). */
    missing: z.array(z.string()),
  })
  .meta({ id: 'CatalogueArchetype' });
export type CatalogueArchetype = z.infer<typeof CatalogueArchetypeSchema>;

export const CatalogueSchema = z
  .object({
    /** The host the availability is for; null when it is the union of every active host. */
    hostId: z.string().nullable(),
    /** That host's decky runtime, when known. */
    runtime: z.string().nullable(),
    services: z.array(CatalogueServiceSchema),
    archetypes: z.array(CatalogueArchetypeSchema),
    osFamilies: z.array(z.enum(OS_FAMILIES)),
  })
  .meta({ id: 'Catalogue' });
export type Catalogue = z.infer<typeof CatalogueSchema>;
