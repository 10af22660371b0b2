// The archetype/service catalogue: from the control plane when it offers /catalogue, otherwise
// the built-in copy. Loaded once per page view.
import { Fleet } from '../../api';
import { useAsync } from '../../hooks/use-async';
import type { Catalogue } from '../../api/types';
import { FALLBACK_CATALOGUE } from './catalogue-fallback';

export function useCatalogue(): Catalogue {
  const state = useAsync(async () => {
    try {
      return await Fleet.catalogue();
    } catch {
      return FALLBACK_CATALOGUE;
    }
  }, []);
  return state.data ?? FALLBACK_CATALOGUE;
}
