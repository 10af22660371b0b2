// Site and host filters (issue 19) kept in the URL query (`site=`, `host=`), shared by the overview,
// attackers and credentials pages: a page reads them with useScope() and passes them to the API.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Fleet, FleetControl } from '../api';
import { navigate, useLocation } from '../router/router';
import { scopeOf, withScope, type Scope } from './scope';

export { withScope, type Scope };

export function useScope(): Scope {
  const s = scopeOf(useLocation().search);
  // A stable object per value, for hook dependencies.
  return useMemo(() => s, [s.site, s.host]);
}

export function ScopePicker() {
  const { path, search } = useLocation();
  const scope = scopeOf(search);
  const [sites, setSites] = useState<string[]>([]);
  const [hosts, setHosts] = useState<Array<{ id: string; name: string; site: string | null }>>([]);
  useEffect(() => {
    FleetControl.sites().then((r) => setSites(r.items), () => {});
    Fleet.hosts().then((r) => setHosts(r.items.filter((h) => h.status !== 'decommissioned').map((h) => ({ id: h.id, name: h.name, site: h.site }))), () => {});
  }, []);
  const go = (s: Scope) => navigate(`${path}${withScope(search, s)}`, { replace: true });
  if (sites.length === 0 && hosts.length < 2) return null;
  return (
    <span class="row-actions">
      {sites.length > 0 && (
        <select class="select-inline" aria-label="Site" value={scope.site ?? ''} onChange={(e) => go({ ...(e.currentTarget.value && { site: e.currentTarget.value }) })}>
          <option value="">All sites</option>
          {sites.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      )}
      <select class="select-inline" aria-label="Host" value={scope.host ?? ''} onChange={(e) => go({ ...scope, host: e.currentTarget.value || undefined })}>
        <option value="">All hosts</option>
        {hosts.filter((h) => !scope.site || h.site === scope.site).map((h) => <option key={h.id} value={h.id}>{h.name}</option>)}
      </select>
    </span>
  );
}
