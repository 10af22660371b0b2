// Identities: attacker addresses clustered as one actor, with member count, countries, client
// fingerprints and first/last seen; paginated, newest activity first.
import { useMemo } from 'preact/hooks';
import { Identities, type IdentitySummary } from '../../api/identity-api';
import { Badge, TagList } from '../../components/badge';
import { Card } from '../../components/card';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { Pagination } from '../../components/pagination';
import { LoadingBlock } from '../../components/spinner';
import { Table, type Column } from '../../components/table';
import { formatCount } from '../../format/number';
import { oneLine } from '../../format/text';
import { formatRelative } from '../../format/time';
import { useAsync } from '../../hooks/use-async';
import { useNow } from '../../hooks/use-now';
import { Link, navigate, useLocation } from '../../router/router';

const LIMIT = 50;

export const shortId = (id: string) => id.slice(0, 8);

export function identityColumns(now: number): Column<IdentitySummary>[] {
  return [
    { key: 'id', header: 'Identity', render: (i) => <Link href={`/identities/${encodeURIComponent(i.id)}`} class="mono strong" onClick={(e: Event) => e.stopPropagation()}>{shortId(i.id)}</Link> },
    { key: 'members', header: 'Addresses', align: 'right', render: (i) => formatCount(i.memberCount) },
    { key: 'ips', header: 'Members', render: (i) => <TagList items={i.ips.map((x) => oneLine(x, 40))} max={3} /> },
    { key: 'countries', header: 'Countries', render: (i) => (i.countries.length ? <TagList items={i.countries} max={4} tone="info" /> : <span class="muted">—</span>) },
    { key: 'fingerprints', header: 'Fingerprints', render: (i) => (i.fingerprints.length ? <TagList items={i.fingerprints.map((f) => oneLine(f, 24))} max={2} /> : <span class="muted">—</span>) },
    { key: 'campaign', header: 'Campaign', render: (i) => (i.campaignId ? <Badge tone="accent">{shortId(i.campaignId)}</Badge> : <span class="muted">—</span>) },
    { key: 'firstSeen', header: 'First seen', render: (i) => <span title={i.firstSeen}>{formatRelative(i.firstSeen, now)}</span> },
    { key: 'lastSeen', header: 'Last seen', render: (i) => <span title={i.lastSeen}>{formatRelative(i.lastSeen, now)}</span> },
  ];
}

export function IdentitiesPage() {
  const { search } = useLocation();
  const offset = useMemo(() => Math.max(0, Number(new URLSearchParams(search).get('offset') ?? 0) || 0), [search]);
  const now = useNow();
  const data = useAsync(() => Identities.identities({ limit: LIMIT, offset }), [offset]);
  return (
    <>
      <PageHeader title="Identities" subtitle="Attacker addresses that behave as one actor: same client fingerprint, payload or infrastructure, or enough weaker evidence together." />
      <Card flush title={data.data ? `${formatCount(data.data.total)} identities` : 'Identities'}>
        {data.error !== undefined && !data.data ? (
          <ErrorState error={data.error} onRetry={data.reload} />
        ) : !data.data ? (
          <LoadingBlock />
        ) : (
          <>
            <Table
              caption="Identities"
              columns={identityColumns(now)}
              rows={data.data.items}
              rowKey={(i) => i.id}
              onRowClick={(i) => navigate(`/identities/${encodeURIComponent(i.id)}`)}
              rowLabel={(i) => `Open identity ${shortId(i.id)}`}
              busy={data.loading}
              empty={<EmptyState icon="attackers" title="No identities yet">Identities form when two or more addresses share strong evidence.</EmptyState>}
            />
            {data.data.total > LIMIT && (
              <div class="table-foot">
                <Pagination offset={offset} limit={LIMIT} total={data.data.total} onChange={(o) => navigate(`/identities?offset=${o}`, { replace: true })} />
              </div>
            )}
          </>
        )}
      </Card>
    </>
  );
}
