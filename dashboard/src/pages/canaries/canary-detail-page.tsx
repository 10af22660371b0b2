// One canary token: what it is (URL, DNS name, username), where each copy lives (remove a placement,
// plant another), its triggers with full details, download and revoke.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Fleet } from '../../api';
import { Canaries, type CanaryPlacement, type CanaryToken, type CanaryTrigger } from '../../api/canary-api';
import { AsyncView } from '../../components/async-view';
import { Badge } from '../../components/badge';
import { Card } from '../../components/card';
import { CopyButton } from '../../components/copy-button';
import { KeyValues } from '../../components/field-list';
import { Icon } from '../../components/icons';
import { ConfirmModal } from '../../components/modal';
import { PageHeader } from '../../components/page-header';
import { Table, type Column } from '../../components/table';
import { toast } from '../../components/toast';
import { oneLine } from '../../format/text';
import { formatDateTime } from '../../format/time';
import { useAsync } from '../../hooks/use-async';
import { useInterval } from '../../hooks/use-interval';
import { Link } from '../../router/router';
import { downloadToken } from './download';
import { labelOf } from './labels';
import { PlantModal } from './plant-modal';
import { TriggerDetails, VerifiedBadge } from './trigger-details';

export function CanaryDetailPage({ id, isAdmin }: { id: string; isAdmin: boolean }) {
  const state = useAsync(() => Canaries.get(id), [id]);
  return (
    <>
      <div class="crumbs">
        <Link href="/canaries">
          <Icon name="chevronLeft" size={14} /> Canaries
        </Link>
      </div>
      <AsyncView state={state}>{(t) => <Detail t={t} isAdmin={isAdmin} reload={state.reload} />}</AsyncView>
    </>
  );
}

type Dialog = { kind: 'plant' } | { kind: 'revoke' } | { kind: 'unplant'; p: CanaryPlacement } | null;

function Detail({ t, isAdmin, reload }: { t: CanaryToken; isAdmin: boolean; reload(): void }) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const [open, setOpen] = useState<string | null>(null);
  const triggers = useAsync(() => Canaries.triggers(t.id), [t.id]);
  const plantSetup = useAsync(async () => (dialog?.kind === 'plant' ? { generators: await Canaries.generators(), deckies: (await Fleet.deckies()).items } : null), [dialog?.kind]);
  useInterval(() => (triggers.reload(), reload()), 10_000);
  const live = !t.revokedAt;
  const info = plantSetup.data?.generators.items.find((g) => g.generator === t.generator);

  const placementCols: Column<CanaryPlacement>[] = [
    { key: 'decky', header: 'Decky', render: (p) => <span class="strong">{p.decky}</span> },
    { key: 'path', header: 'Path', render: (p) => <span class="mono">{p.path}</span> },
    { key: 'at', header: 'Planted', render: (p) => <span class="small">{formatDateTime(p.createdAt)}</span> },
    ...(isAdmin ? [{ key: 'rm', header: <span class="sr-only">Actions</span>, align: 'right' as const, render: (p: CanaryPlacement) => <button type="button" class="btn btn-sm btn-danger-ghost" onClick={() => setDialog({ kind: 'unplant', p })} aria-label={`Remove from ${p.decky}`}>Remove</button> }] : []),
  ];
  const triggerCols: Column<CanaryTrigger>[] = [
    { key: 'at', header: 'Time', render: (x) => <span class="mono small">{formatDateTime(x.at)}</span> },
    { key: 'via', header: 'Via', render: (x) => <Badge tone="accent">{x.via}</Badge> },
    { key: 'ip', header: 'Address', render: (x) => (x.attackerId && x.srcIp ? <Link href={`/attackers/${encodeURIComponent(x.attackerId)}`} class="mono" onClick={(e) => e.stopPropagation()}>{oneLine(x.srcIp, 45)}</Link> : <span class="mono">{oneLine(x.srcIp ?? '—', 45)}</span>) },
    { key: 'what', header: 'Detail', render: (x) => <span class="mono small">{oneLine(x.userAgent ?? x.dnsName ?? (x.decky ? `${x.decky}/${x.service ?? ''} as ${x.principal ?? '?'}` : ''), 90)} <VerifiedBadge t={x} /></span> },
  ];
  return (
    <>
      <PageHeader
        title={oneLine(t.memo, 120) || t.fileName}
        subtitle={<>{labelOf(t.generator)} · created {formatDateTime(t.createdAt)}{t.revokedAt && <> · <Badge>revoked {formatDateTime(t.revokedAt)}</Badge></>}</>}
        actions={
          <>
            <button type="button" class="btn" onClick={() => void downloadToken(t)}><Icon name="download" size={14} /> Download {t.fileName}</button>
            {isAdmin && live && <button type="button" class="btn" onClick={() => setDialog({ kind: 'plant' })}><Icon name="plus" size={14} /> Plant on a decky</button>}
            {isAdmin && live && <button type="button" class="btn btn-danger-ghost" onClick={() => setDialog({ kind: 'revoke' })}><Icon name="trash" size={14} /> Revoke</button>}
          </>
        }
      />
      <div class="stack">
        <Card title="Token">
          <KeyValues
            items={[
              ['Kind', <Badge key="k">{t.kind}</Badge>],
              ['Trigger URL', <span key="u" class="row"><span class="mono">{t.url}</span><CopyButton text={t.url} /></span>],
              ...(t.dnsName ? ([['DNS name', <span key="d" class="mono">{t.dnsName}</span>]] as [string, ComponentChildren][]) : []),
              ...(t.principal ? ([['Username / key id', <span key="p" class="mono">{t.principal}</span>]] as [string, ComponentChildren][]) : []),
              ['Triggers', `${t.triggerCount}${t.lastTriggeredAt ? `, last ${formatDateTime(t.lastTriggeredAt)}` : ''}`],
            ]}
          />
        </Card>
        <Card flush title="Where it lives">
          <Table caption="Placements" columns={placementCols} rows={t.placements} rowKey={(p) => p.id} dense empty={<p class="muted card-body">Not planted on any decky{live ? ': download it or plant it.' : '.'}</p>} />
        </Card>
        <Card flush title="Triggers">
          <AsyncView state={triggers}>
            {({ items }) => (
              <Table
                caption="Triggers"
                columns={triggerCols}
                rows={items}
                rowKey={(x) => x.id}
                dense
                onRowClick={(x) => setOpen((o) => (o === x.id ? null : x.id))}
                rowLabel={(x) => `Trigger at ${formatDateTime(x.at)} via ${x.via}`}
                expanded={(x) => (open === x.id ? <div class="card-body"><TriggerDetails t={x} /></div> : null)}
                empty={<p class="muted card-body">No triggers yet.</p>}
              />
            )}
          </AsyncView>
        </Card>
      </div>
      {dialog?.kind === 'plant' && plantSetup.data && (
        <PlantModal token={t} deckies={plantSetup.data.deckies} paths={info?.paths ?? []} onClose={() => setDialog(null)} onPlanted={() => (toast('Planted'), reload())} />
      )}
      {dialog?.kind === 'unplant' && (
        <ConfirmModal title={`Remove from ${dialog.p.decky}?`} confirmLabel="Remove" danger onClose={() => setDialog(null)} onConfirm={async () => (await Canaries.unplant(t.id, dialog.p.id), toast('Removed'), reload())}>
          {dialog.p.path} disappears from the decky at its next sync.
        </ConfirmModal>
      )}
      {dialog?.kind === 'revoke' && (
        <ConfirmModal title="Revoke this token?" confirmLabel="Revoke" danger onClose={() => setDialog(null)} onConfirm={async () => (await Canaries.revoke(t.id), toast('Revoked'), reload())}>
          Every planted copy is removed and its URL answers 404 from now on. Past triggers are kept.
        </ConfirmModal>
      )}
    </>
  );
}
