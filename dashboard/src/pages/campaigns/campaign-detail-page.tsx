// One campaign: its identities, the evidence joining them, and the phases each reached over time.
import type { CampaignDetail } from '../../api/identity-api';
import { Identities } from '../../api/identity-api';
import { AsyncView } from '../../components/async-view';
import { Badge, TagList } from '../../components/badge';
import { Card } from '../../components/card';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { Table, type Column } from '../../components/table';
import { oneLine } from '../../format/text';
import { formatDateTime } from '../../format/time';
import { useAsync } from '../../hooks/use-async';
import { useNow } from '../../hooks/use-now';
import { Link } from '../../router/router';
import { identityColumns, shortId } from '../identities/identities-page';

type Edge = CampaignDetail['edges'][number];
type Phase = CampaignDetail['phases'][number];

const EDGES: Column<Edge>[] = [
  { key: 'pair', header: 'Identities', width: '220px', render: (e) => <span class="mono small">{shortId(e.a)} ↔ {shortId(e.b)}</span> },
  { key: 'weight', header: 'Weight', align: 'right', width: '80px', render: (e) => e.weight.toFixed(2) },
  { key: 'evidence', header: 'Evidence', render: (e) => <span class="header-badges">{e.evidence.map((x) => <Badge tone="info" title={oneLine(x.detail, 200)}>{x.kind.replace(/_/g, ' ')} ({x.score.toFixed(2)})</Badge>)}</span> },
];

const PHASES: Column<Phase>[] = [
  { key: 'ts', header: 'Time', width: '170px', render: (p) => <span class="mono small">{formatDateTime(p.ts)}</span> },
  { key: 'identity', header: 'Identity', width: '110px', render: (p) => <Link href={`/identities/${encodeURIComponent(p.identityId)}`} class="mono">{shortId(p.identityId)}</Link> },
  { key: 'decky', header: 'Decky', width: '160px', render: (p) => oneLine(p.decky, 40) },
  { key: 'phases', header: 'Phases', render: (p) => <TagList items={p.phases.map((x) => x.replace(/_/g, ' '))} max={6} tone="accent" /> },
];

export function CampaignDetailPage({ id }: { id: string }) {
  const state = useAsync(() => Identities.campaign(id), [id]);
  const now = useNow();
  return (
    <>
      <div class="crumbs">
        <Link href="/campaigns">
          <Icon name="chevronLeft" size={14} /> Campaigns
        </Link>
      </div>
      <AsyncView state={state}>
        {(d) => (
          <>
            <PageHeader title={<span class="mono">campaign {shortId(d.campaign.id)}</span>} subtitle={`${d.campaign.identityCount} identities, ${formatDateTime(d.campaign.firstSeen)} to ${formatDateTime(d.campaign.lastSeen)}`} />
            <Card flush title="Identities">
              <Table caption="Identities" columns={identityColumns(now)} rows={d.identities} rowKey={(i) => i.id} dense />
            </Card>
            <Card flush title="Why these identities belong together">
              <Table caption="Evidence" columns={EDGES} rows={d.edges} rowKey={(e) => `${e.a}:${e.b}`} dense />
            </Card>
            <Card flush title="Phases over time">
              <Table caption="Phases" columns={PHASES} rows={d.phases} rowKey={(p, i) => `${i}:${p.ts}`} dense />
            </Card>
          </>
        )}
      </AsyncView>
    </>
  );
}
