// What a topology's host can run (archetypes, services with their config JSON Schemas), from
// GET /topologies/catalogue?hostId=; empty until loaded.
import type { Catalogue } from '@decnet/protocol';
import { Topologies } from '../../api';
import { useAsync } from '../../hooks/use-async';
import { EMPTY_CATALOGUE } from '../fleet/use-catalogue';

export function useCatalogueFor(hostId: string | undefined): Catalogue {
  const state = useAsync(() => (hostId ? Topologies.catalogue(hostId) : Promise.resolve(EMPTY_CATALOGUE)), [hostId]);
  return state.data ?? EMPTY_CATALOGUE;
}
