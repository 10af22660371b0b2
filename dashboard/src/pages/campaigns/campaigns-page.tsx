// Campaigns: identities working together (phase hand-offs on one decky, shared infrastructure,
// overlapping activity, same cohort), newest activity first.
import type { CampaignSummary } from '../../api/identity-api';
import { Identities } from '../../api/identity-api';
import { TagList } from '../../components/badge';
import { Card } from '../../components/card';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { LoadingBlock } from '../../components/spinner';
import { Table, type Column } from '../../components/table';
import { formatCount } from '../../format/number';
import { formatRelative } from '../../format/time';
import { useAsync } from '../../hooks/use-async';
import { useNow } from '../../hooks/use-now';
import { Link, navigate } from '../../router/router';

function columns(now: number): Column<CampaignSummary>[] {
  return [
    { key: 'id', header: 'Campaign', render: (c) => <Link href={`/campaigns/${encodeURIComponent(c.id)}`} class="mono strong" onClick={(e: Event) => e.stopPropagation()}>{c.id.slice(0, 8)}</Link> },
    { key: 'identities', header: 'Identities', align: 'right', render: (c) => formatCount(c.identityCount) },
    { key: 'evidence', header: 'Evidence', render: (c) => <TagList items={c.evidenceKinds.map((k) => k.replace(/_/g, ' '))} tone="info" /> },
    { key: 'first', header: 'First seen', render: (c) => <span title={c.firstSeen}>{formatRelative(c.firstSeen, now)}</span> },
    { key: 'last', header: 'Last seen', render: (c) => <span title={c.lastSeen}>{formatRelative(c.lastSeen, now)}</span> },
  ];
}

export function CampaignsPage() {
  const now = useNow();
  const data = useAsync(() => Identities.campaigns({ limit: 200 }), []);
  return (
    <>
      <PageHeader title="Campaigns" subtitle="Identities working together: one gets in and another follows up on the same decky, shared C2 or payloads, overlapping activity." />
      <Card flush title={data.data ? `${formatCount(data.data.total)} campaigns` : 'Campaigns'}>
        {data.error !== undefined && !data.data ? (
          <ErrorState error={data.error} onRetry={data.reload} />
        ) : !data.data ? (
          <LoadingBlock />
        ) : (
          <Table
            caption="Campaigns"
            columns={columns(now)}
            rows={data.data.items}
            rowKey={(c) => c.id}
            onRowClick={(c) => navigate(`/campaigns/${encodeURIComponent(c.id)}`)}
            rowLabel={(c) => `Open campaign ${c.id.slice(0, 8)}`}
            busy={data.loading}
            empty={<EmptyState icon="topology" title="No campaigns yet">Campaigns form when two identities work the same deckies or infrastructure.</EmptyState>}
          />
        )}
      </Card>
    </>
  );
}
