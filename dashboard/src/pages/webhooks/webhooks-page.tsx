// Webhooks (admins): subscriptions with their health (breaker, pending, dead letters), create, edit,
// enable/disable, send test, the delivery log with dead-letter re-delivery, delete.
import { useState } from 'preact/hooks';
import { Webhooks, type Webhook } from '../../api/webhook-api';
import { AsyncView } from '../../components/async-view';
import { Badge } from '../../components/badge';
import { Card } from '../../components/card';
import { EmptyState } from '../../components/empty-state';
import { Icon } from '../../components/icons';
import { ConfirmModal } from '../../components/modal';
import { PageHeader } from '../../components/page-header';
import { Table, type Column } from '../../components/table';
import { toast } from '../../components/toast';
import { errorLine } from '../../format/errors';
import { formatRelative } from '../../format/time';
import { useAsync } from '../../hooks/use-async';
import { useInterval } from '../../hooks/use-interval';
import { DeliveriesModal } from './deliveries-modal';
import { SecretModal, WebhookModal } from './webhook-modal';

type Dialog = { kind: 'create' } | { kind: 'edit'; hook: Webhook } | { kind: 'log'; hook: Webhook } | { kind: 'delete'; hook: Webhook } | { kind: 'secret'; secret: string } | null;

function health(h: Webhook) {
  if (h.autoDisabledAt) return <Badge tone="bad" title={h.lastError ?? ''}>breaker open</Badge>;
  if (!h.enabled) return <Badge>disabled</Badge>;
  if (h.lastError && (h.lastFailureAt ?? '') > (h.lastSuccessAt ?? '')) return <Badge tone="warn" title={h.lastError}>failing</Badge>;
  return <Badge tone="ok">active</Badge>;
}

export function WebhooksPage() {
  const state = useAsync(() => Webhooks.list(), []);
  const [dialog, setDialog] = useState<Dialog>(null);
  useInterval(state.reload, 10_000);
  const act = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      toast(done);
    } catch (e) {
      toast(errorLine(e), 'bad');
    }
    state.reload();
  };
  const test = async (h: Webhook) => {
    try {
      const r = await Webhooks.test(h.id);
      toast(r.ok ? `Test delivered (HTTP ${r.status}, ${r.durationMs} ms)` : `Test failed: ${r.error ?? `HTTP ${r.status}`}`, r.ok ? 'ok' : 'bad');
    } catch (e) {
      toast(errorLine(e), 'bad');
    }
  };
  const cols: Column<Webhook>[] = [
    { key: 'name', header: 'Webhook', render: (h) => <span class="stack-tight"><span class="strong">{h.name}</span><span class="mono faint small">{h.url}</span></span> },
    { key: 'status', header: 'Status', render: health },
    { key: 'format', header: 'Format', render: (h) => h.format },
    { key: 'topics', header: 'Topics', render: (h) => <span class="mono small">{h.patterns.join(' ')}</span> },
    { key: 'queue', header: 'Queue', render: (h) => <span>{h.pending} pending{h.dead > 0 && <> · <Badge tone="bad">{h.dead} dead</Badge></>}</span> },
    { key: 'last', header: 'Last success', render: (h) => formatRelative(h.lastSuccessAt) },
    {
      key: 'actions',
      header: <span class="sr-only">Actions</span>,
      align: 'right',
      render: (h) => (
        <span class="row-actions">
          <button type="button" class="btn btn-sm" onClick={() => test(h)} aria-label={`Send test to ${h.name}`}>Test</button>
          <button type="button" class="btn btn-sm" onClick={() => setDialog({ kind: 'log', hook: h })} aria-label={`Deliveries of ${h.name}`}>Deliveries</button>
          <button type="button" class="btn btn-sm" onClick={() => act(() => Webhooks.update(h.id, { enabled: !h.enabled || !!h.autoDisabledAt }), h.enabled && !h.autoDisabledAt ? 'Disabled' : 'Enabled')}>
            {h.enabled && !h.autoDisabledAt ? 'Disable' : 'Enable'}
          </button>
          <button type="button" class="btn btn-sm" onClick={() => setDialog({ kind: 'edit', hook: h })} aria-label={`Edit ${h.name}`}><Icon name="edit" size={13} /></button>
          <button type="button" class="btn btn-sm btn-danger-ghost" onClick={() => setDialog({ kind: 'delete', hook: h })} aria-label={`Delete ${h.name}`}><Icon name="trash" size={13} /></button>
        </span>
      ),
    },
  ];
  return (
    <>
      <PageHeader
        title="Webhooks"
        subtitle="Facts (new attackers, logins, reuse, files, canaries, identities, decky and host status) posted to your SIEM or chat, signed with HMAC-SHA256."
        actions={<button type="button" class="btn btn-primary" onClick={() => setDialog({ kind: 'create' })}><Icon name="plus" size={14} /> Add webhook</button>}
      />
      <AsyncView state={state}>
        {({ items }) => (
          <Card flush title={`${items.length} webhook${items.length === 1 ? '' : 's'}`}>
            <Table caption="Webhooks" columns={cols} rows={items} rowKey={(h) => h.id} empty={<EmptyState icon="inbox" title="No webhooks">Add one to be told when something happens.</EmptyState>} />
          </Card>
        )}
      </AsyncView>
      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <WebhookModal hook={dialog.kind === 'edit' ? dialog.hook : undefined} onClose={() => setDialog((d) => (d?.kind === 'secret' ? d : null))} onSaved={(secret) => (state.reload(), secret && setDialog({ kind: 'secret', secret }))} />
      )}
      {dialog?.kind === 'secret' && <SecretModal secret={dialog.secret} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'log' && <DeliveriesModal hook={dialog.hook} onClose={() => (setDialog(null), state.reload())} />}
      {dialog?.kind === 'delete' && (
        <ConfirmModal title={`Delete ${dialog.hook.name}?`} confirmLabel="Delete" danger onClose={() => setDialog(null)} onConfirm={async () => act(() => Webhooks.remove(dialog.hook.id), 'Webhook deleted')}>
          Its queued deliveries and log are deleted too.
        </ConfirmModal>
      )}
    </>
  );
}
