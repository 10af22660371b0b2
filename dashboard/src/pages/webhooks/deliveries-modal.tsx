// A subscription's delivery log (newest first) and its dead letters, which can be re-delivered.
import { useState } from 'preact/hooks';
import { Webhooks, type Webhook, type WebhookDelivery } from '../../api/webhook-api';
import { AsyncView } from '../../components/async-view';
import { StateBadge } from '../../components/badge';
import { Modal } from '../../components/modal';
import { Table, type Column } from '../../components/table';
import { toast } from '../../components/toast';
import { errorLine } from '../../format/errors';
import { formatDateTime } from '../../format/time';
import { useAsync } from '../../hooks/use-async';

export function DeliveriesModal({ hook, onClose }: { hook: Webhook; onClose(): void }) {
  const [deadOnly, setDeadOnly] = useState(false);
  const state = useAsync(() => Webhooks.deliveries(hook.id, deadOnly ? 'dead' : undefined), [hook.id, deadOnly]);
  const redeliver = async (d?: WebhookDelivery) => {
    try {
      const r = await Webhooks.redeliver(hook.id, d?.id);
      toast(`${r.requeued} queued again`);
      state.reload();
    } catch (e) {
      toast(errorLine(e), 'bad');
    }
  };
  const cols: Column<WebhookDelivery>[] = [
    { key: 'type', header: 'Fact', render: (d) => <span class="stack-tight"><span>{d.type}</span><span class="mono faint small">{d.factId}</span></span> },
    { key: 'status', header: 'Status', render: (d) => <StateBadge state={d.status} /> },
    { key: 'attempts', header: 'Attempts', align: 'right', render: (d) => d.attempts },
    { key: 'last', header: 'Last answer', render: (d) => d.lastError ?? (d.lastStatus ? `HTTP ${d.lastStatus}` : '—') },
    { key: 'at', header: 'Updated', render: (d) => formatDateTime(d.updatedAt) },
    { key: 'act', header: <span class="sr-only">Actions</span>, align: 'right', render: (d) => (d.status === 'dead' ? <button type="button" class="btn btn-sm" onClick={() => redeliver(d)}>Re-deliver</button> : null) },
  ];
  return (
    <Modal title={`Deliveries of ${hook.name}`} onClose={onClose} wide footer={<button type="button" class="btn" onClick={onClose}>Close</button>}>
      <div class="row">
        <label class="check small">
          <input type="checkbox" name="dead-only" checked={deadOnly} onChange={(e) => setDeadOnly(e.currentTarget.checked)} /> Dead letters only
        </label>
        {deadOnly && <button type="button" class="btn btn-sm" onClick={() => redeliver()}>Re-deliver all</button>}
      </div>
      <AsyncView state={state}>{({ items }) => <Table caption="Deliveries" columns={cols} rows={items} rowKey={(d) => String(d.id)} dense empty={<p class="muted">No deliveries.</p>} />}</AsyncView>
    </Modal>
  );
}
