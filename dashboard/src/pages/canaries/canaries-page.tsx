// Canary tokens: every token with its kind, generator, memo, age, trigger count and where it is
// planted; admins create (and plant at once), download and revoke. A row opens the token.
import { useState } from 'preact/hooks';
import { Canaries, type CanaryToken } from '../../api/canary-api';
import { Fleet } from '../../api';
import { AsyncView } from '../../components/async-view';
import { Badge } from '../../components/badge';
import { Card } from '../../components/card';
import { EmptyState } from '../../components/empty-state';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { Table, type Column } from '../../components/table';
import { toast } from '../../components/toast';
import { oneLine } from '../../format/text';
import { formatDateTime, formatRelative } from '../../format/time';
import { useAsync } from '../../hooks/use-async';
import { useInterval } from '../../hooks/use-interval';
import { Link, navigate } from '../../router/router';
import { CreateCanaryModal } from './create-canary-modal';
import { downloadToken } from './download';
import { labelOf } from './labels';

export const tokenHref = (t: { id: string }) => `/canaries/${encodeURIComponent(t.id)}`;

const columns: Column<CanaryToken>[] = [
  { key: 'memo', header: 'Token', render: (t) => <span class="stack-tight"><Link href={tokenHref(t)} class="strong">{oneLine(t.memo, 80) || t.fileName}</Link><span class="muted small">{labelOf(t.generator)}</span></span> },
  { key: 'kind', header: 'Kind', render: (t) => <Badge tone={t.kind === 'credential' ? 'accent' : t.kind === 'dns' ? 'info' : 'neutral'}>{t.kind}</Badge> },
  { key: 'status', header: 'Status', render: (t) => (t.revokedAt ? <Badge>revoked</Badge> : t.triggerCount > 0 ? <Badge tone="bad" dot>triggered</Badge> : <Badge tone="ok" dot>armed</Badge>) },
  { key: 'placements', header: 'Planted on', render: (t) => (t.placements.length ? <span class="mono small">{t.placements.map((p) => `${p.decky}:${p.path}`).join(', ')}</span> : <span class="muted">—</span>) },
  { key: 'created', header: 'Created', sortValue: (t) => t.createdAt, render: (t) => <span class="small">{formatDateTime(t.createdAt)}</span> },
  { key: 'triggers', header: 'Triggers', align: 'right', sortValue: (t) => t.triggerCount, render: (t) => <span title={t.lastTriggeredAt ? `last ${formatRelative(t.lastTriggeredAt)}` : undefined}>{t.triggerCount}</span> },
  { key: 'file', header: <span class="sr-only">File</span>, align: 'right', render: (t) => <button type="button" class="btn btn-sm" onClick={(e) => (e.stopPropagation(), void downloadToken(t))} aria-label={`Download ${t.fileName}`}><Icon name="download" size={13} /></button> },
];

export function CanariesPage({ isAdmin }: { isAdmin: boolean }) {
  const state = useAsync(() => Canaries.list(), []);
  const [creating, setCreating] = useState(false);
  const setup = useAsync(async () => (creating ? { generators: await Canaries.generators(), deckies: (await Fleet.deckies()).items } : null), [creating]);
  useInterval(state.reload, 10_000);
  return (
    <>
      <PageHeader
        title="Canaries"
        subtitle="Bait that calls home: files, URLs and credentials planted in the deckies that trigger when read, opened or used, with the attacker who did it."
        actions={isAdmin && <button type="button" class="btn btn-primary" onClick={() => setCreating(true)}><Icon name="plus" size={14} /> New token</button>}
      />
      <AsyncView state={state}>
        {({ items }) => (
          <Card flush title={`${items.length} token${items.length === 1 ? '' : 's'}`}>
            <Table caption="Canary tokens" columns={columns} rows={items} rowKey={(t) => t.id} onRowClick={(t) => navigate(tokenHref(t))} rowLabel={(t) => `Open ${t.memo || t.fileName}`} empty={<EmptyState icon="key" title="No canary tokens">Create one and plant it where an intruder will look.</EmptyState>} />
          </Card>
        )}
      </AsyncView>
      {creating && setup.data && (
        <CreateCanaryModal
          generators={setup.data.generators}
          deckies={setup.data.deckies}
          onClose={() => setCreating(false)}
          onCreated={(t, plantError) => {
            setCreating(false);
            toast(plantError ? `Token created; planting failed: ${plantError}` : 'Token created', plantError ? 'bad' : 'ok');
            navigate(tokenHref(t));
          }}
        />
      )}
    </>
  );
}
