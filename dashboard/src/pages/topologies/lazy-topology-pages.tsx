// The topology pages load on first visit (their own chunk with cytoscape), so the rest of the
// dashboard's first load does not carry the graph library.
import { useEffect, useState } from 'preact/hooks';
import { ErrorState } from '../../components/error-state';
import { LoadingBlock } from '../../components/spinner';

type Pages = typeof import('./topology-pages');
let loading: Promise<Pages> | null = null;

export function LazyTopologyPage({ id, isAdmin }: { id?: string; isAdmin: boolean }) {
  const [mod, setMod] = useState<Pages | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    loading ??= import('./topology-pages');
    loading.then(setMod, (err: unknown) => {
      loading = null;
      setError(err);
    });
  }, []);
  if (error !== undefined) return <ErrorState error={error} />;
  if (!mod) return <LoadingBlock />;
  return id === undefined ? <mod.TopologiesPage isAdmin={isAdmin} /> : <mod.TopologyEditorPage id={id} isAdmin={isAdmin} />;
}
