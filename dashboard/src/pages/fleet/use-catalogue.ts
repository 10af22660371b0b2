// The deploy catalogue for one host (or every active host): archetypes, the services that host's
// agent reports it can run, and what each archetype would miss there. Reloaded when the host changes.
import { Fleet } from '../../api';
import { useAsync } from '../../hooks/use-async';
import type { Catalogue } from '../../api/types';

export const EMPTY_CATALOGUE: Catalogue = { hostId: null, runtime: null, services: [], archetypes: [], osFamilies: [] };

export interface CatalogueState {
  catalogue: Catalogue;
  loading: boolean;
  error: unknown;
}

export function useCatalogue(hostId?: string): CatalogueState {
  const state = useAsync(() => Fleet.catalogue(hostId || undefined), [hostId]);
  return { catalogue: state.data ?? EMPTY_CATALOGUE, loading: state.loading && !state.data, error: state.error };
}

/** Slugs of the services the catalogue's target can run. */
export function offeredServices(c: Catalogue): string[] {
  return c.services.filter((s) => s.available).map((s) => s.slug);
}
