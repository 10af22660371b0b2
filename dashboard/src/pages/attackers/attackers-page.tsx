// Attackers: searchable, sortable (server-side), paginated list with export of the whole set.
import { useMemo } from 'preact/hooks';
import { Intel } from '../../api';
import type { AttackerSort } from '../../api/intel-api';
import type { AttackerSummary } from '../../api/types';
import { Badge, TagList } from '../../components/badge';
import { Card } from '../../components/card';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { Pagination } from '../../components/pagination';
import { SearchInput } from '../../components/search-input';
import { LoadingBlock } from '../../components/spinner';
import { Table, type Column } from '../../components/table';
import type { SortState } from '../../components/table-logic';
import { formatCount } from '../../format/number';
import { formatRelative } from '../../format/time';
import { oneLine } from '../../format/text';
import { useAsync } from '../../hooks/use-async';
import { useNow } from '../../hooks/use-now';
import { Link, navigate, useLocation } from '../../router/router';
import { ExportMenu } from './export-menu';
import { IntelExport } from './intel-export';
import { listQuery, listSearch, type ListState } from './list-state';
import { ScopePicker, useScope, withScope } from '../../components/scope-picker';

const LIMIT = 50;

function columns(now: number): Column<AttackerSummary>[] {
  return [
    {
      key: 'ip',
      header: 'Address',
      sortable: true,
      render: (a) => (
        <Link href={`/attackers/${encodeURIComponent(a.id)}`} class="mono strong" onClick={(e: Event) => e.stopPropagation()}>
          {a.ip}
        </Link>
      ),
    },
    { key: 'origin', header: 'Origin', render: (a) => (a.enrichment ? (a.enrichment.scope === 'public' ? <span title={a.enrichment.asOrg ?? ''}>{a.enrichment.country ?? '??'}{a.enrichment.asn !== null ? ` · AS${a.enrichment.asn}` : ''}</span> : <span class="muted">{oneLine(a.enrichment.scope.replace('_', ' '), 16)}</span>) : <span class="muted">—</span>) },
    { key: 'behavior', header: 'Behaviour', render: (a) => (a.behaviorClass ? <Badge tone="accent">{oneLine(a.behaviorClass, 32)}</Badge> : <span class="muted">—</span>) },
    { key: 'services', header: 'Services', render: (a) => <TagList items={a.services} max={4} /> },
    { key: 'deckies', header: 'Deckies', align: 'right', render: (a) => (a.isTraversal ? <Badge tone="bad" title="Touched several deckies">{a.deckies.length} · traversal</Badge> : formatCount(a.deckies.length)) },
    { key: 'events', header: 'Events', align: 'right', sortable: true, render: (a) => formatCount(a.eventCount) },
    { key: 'creds', header: 'Creds', align: 'right', render: (a) => formatCount(a.credentialCount) },
    { key: 'firstSeen', header: 'First seen', sortable: true, render: (a) => <span title={a.firstSeen}>{formatRelative(a.firstSeen, now)}</span> },
    { key: 'lastSeen', header: 'Last seen', sortable: true, render: (a) => <span title={a.lastSeen}>{formatRelative(a.lastSeen, now)}</span> },
  ];
}

export function AttackersPage() {
  const { search } = useLocation();
  const state = useMemo(() => listQuery(new URLSearchParams(search)), [search]);
  const now = useNow();
  const scope = useScope();
  const data = useAsync(() => Intel.attackers({ q: state.q, sort: state.sort as AttackerSort, order: state.order, limit: LIMIT, offset: state.offset, technique: state.technique, ...scope }), [state, scope]);
  // The site/host scope rides along in the query string (withScope keeps it across list changes).
  const set = (patch: Partial<ListState>) => navigate(`/attackers${withScope(listSearch({ ...state, offset: 0, ...patch }), scope)}`, { replace: true });
  const sort: SortState = { key: state.sort, dir: state.order };

  return (
    <>
      <PageHeader
        title="Attackers"
        subtitle="Source addresses that interacted with the deckies, with their profile."
        actions={
          <>
            <ScopePicker />
            <IntelExport scope={{ kind: 'fleet' }} />
            <ExportMenu label="Export all" onExport={(f) => Intel.exportAttackers(f)} fallbackName="attackers" />
          </>
        }
      />
      <Card
        flush
        title={
          <>
            {data.data ? `${formatCount(data.data.total)} attackers` : 'Attackers'}
            {state.technique && (
              <button type="button" class="btn btn-sm" title="Clear the technique filter" onClick={() => set({ technique: undefined })}>
                used {state.technique} ×
              </button>
            )}
          </>
        }
        actions={<SearchInput label="Search attackers" placeholder="IP, decky, service, tool…" value={state.q} onChange={(q) => set({ q })} />}
      >
        {data.error !== undefined && !data.data ? (
          <ErrorState error={data.error} onRetry={data.reload} />
        ) : !data.data ? (
          <LoadingBlock />
        ) : (
          <>
            <Table
              caption="Attackers"
              columns={columns(now)}
              rows={data.data.items}
              rowKey={(a) => a.id}
              sort={sort}
              serverSort
              onSort={(s) => set({ sort: s.key, order: s.dir })}
              onRowClick={(a) => navigate(`/attackers/${encodeURIComponent(a.id)}`)}
              rowLabel={(a) => `Open attacker ${a.ip}`}
              busy={data.loading}
              empty={<EmptyState icon="attackers" title={state.q ? 'No attacker matches this search' : 'No attackers yet'}>{state.q ? 'Try a different address or keyword.' : 'Attackers appear after their first interaction with a decky.'}</EmptyState>}
            />
            {data.data.total > LIMIT && (
              <div class="table-foot">
                <Pagination offset={state.offset} limit={LIMIT} total={data.data.total} onChange={(offset) => set({ offset })} />
              </div>
            )}
          </>
        )}
      </Card>
    </>
  );
}
