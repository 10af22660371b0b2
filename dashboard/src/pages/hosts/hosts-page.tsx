// Sensor hosts: status (online / stale / offline), agent, heartbeat health; admins add hosts
// (enrollment token + install command), rename, switch the prober, edit site / limit / rotation and
// decommission. Hosts are grouped by site.
import { useState } from 'preact/hooks';
import { Fleet } from '../../api';
import type { Host } from '../../api/types';
import { AsyncView } from '../../components/async-view';
import { Badge, StateBadge } from '../../components/badge';
import { Card } from '../../components/card';
import { EmptyState } from '../../components/empty-state';
import { Icon } from '../../components/icons';
import { ConfirmModal } from '../../components/modal';
import { PageHeader } from '../../components/page-header';
import { Table, type Column } from '../../components/table';
import { toast } from '../../components/toast';
import { formatCount } from '../../format/number';
import { formatDateTime, formatRelative } from '../../format/time';
import { useAsync } from '../../hooks/use-async';
import { useInterval } from '../../hooks/use-interval';
import { useNow } from '../../hooks/use-now';
import { EnrollModal } from './enroll-modal';
import { deckyCounts, formatUptime, workerHealth } from './host-health';
import { ProberSetting, ProberSwitch } from './prober-switch';
import { RenameModal } from './rename-modal';
import { HostSettingsModal } from './host-settings-modal';
import { groupBySite } from '../workers/workers-logic';

type Dialog = { kind: 'enroll' } | { kind: 'rename'; host: Host } | { kind: 'settings'; host: Host } | { kind: 'decommission'; host: Host } | null;

function columns(now: number, isAdmin: boolean, open: (d: Dialog) => void, reload: () => void): Column<Host>[] {
  const cols: Column<Host>[] = [
    { key: 'name', header: 'Host', sortValue: (h) => h.name, render: (h) => (<span class="stack-tight"><span class="strong">{h.name}</span><span class="mono faint small">{h.id.slice(0, 8)}</span></span>) },
    { key: 'status', header: 'Status', sortValue: (h) => h.status, render: (h) => (<span>
      <StateBadge state={h.status} />{h.decommission === 'pending' && <Badge tone="warn" title="Waiting for its agent to tear down and forget its identity">teardown pending</Badge>}
    </span>) },
    { key: 'limits', header: 'Limit / rotation', render: (h) => <span class="small">{h.maxDeckies == null ? 'no limit' : `max ${h.maxDeckies}`} · {h.rotationIntervalMin == null ? 'fleet default' : `${h.rotationIntervalMin} min`}</span> },
    { key: 'heartbeat', header: 'Last heartbeat', sortValue: (h) => h.lastHeartbeatAt, render: (h) => <span title={formatDateTime(h.lastHeartbeatAt)}>{formatRelative(h.lastHeartbeatAt, now)}</span> },
    { key: 'agent', header: 'Agent', render: (h) => (h.agentVersion ? <span class="mono">{h.agentVersion}</span> : <span class="muted">—</span>) },
    { key: 'uptime', header: 'Uptime', render: (h) => formatUptime(h.heartbeat?.uptimeS) },
    {
      key: 'deckies',
      header: 'Deckies',
      render: (h) => {
        const c = deckyCounts(h);
        return c ? `${c.running} / ${c.total} running` : <span class="muted">—</span>;
      },
    },
    {
      key: 'workers',
      header: 'Workers',
      render: (h) => {
        const w = workerHealth(h);
        if (!w) return <span class="muted">—</span>;
        return w.bad.length ? <Badge tone="warn" title={w.bad.join(', ')}>{w.ok}/{w.total} ok</Badge> : <Badge tone="ok">{w.total} ok</Badge>;
      },
    },
    {
      key: 'spool',
      header: 'Spool',
      render: (h) => {
        const s = h.heartbeat?.spool;
        if (!s) return <span class="muted">—</span>;
        return (<span>{formatCount(s.pending)} pending{s.dropped > 0 && <> · <Badge tone="bad">{formatCount(s.dropped)} dropped</Badge></>}</span>);
      },
    },
    {
      key: 'prober',
      header: 'Prober',
      sortValue: (h) => String(h.proberEnabled),
      render: (h) => (isAdmin && h.status !== 'decommissioned' ? <ProberSwitch host={h} onDone={reload} /> : <ProberSetting host={h} />),
    },
  ];
  if (isAdmin) {
    cols.push({
      key: 'actions',
      header: <span class="sr-only">Actions</span>,
      align: 'right',
      render: (h) =>
        h.status === 'decommissioned' ? null : (
          <span class="row-actions">
            <button type="button" class="btn btn-sm" onClick={() => open({ kind: 'settings', host: h })} aria-label={`Settings of ${h.name}`}>
              Settings
            </button>
            <button type="button" class="btn btn-sm" onClick={() => open({ kind: 'rename', host: h })} aria-label={`Rename ${h.name}`}>
              <Icon name="edit" size={13} /> Rename
            </button>
            <button type="button" class="btn btn-sm btn-danger-ghost" onClick={() => open({ kind: 'decommission', host: h })} aria-label={`Decommission ${h.name}`}>
              <Icon name="trash" size={13} /> Decommission
            </button>
          </span>
        ),
    });
  }
  return cols;
}

export function HostsPage({ isAdmin }: { isAdmin: boolean }) {
  const state = useAsync(() => Fleet.hosts(), []);
  const now = useNow(5000);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [showRetired, setShowRetired] = useState(false);
  useInterval(state.reload, 10_000);
  return (
    <>
      <PageHeader
        title="Hosts"
        subtitle="Sensor hosts running the DECNET agent. A host goes stale after missed heartbeats (every 30 s), then offline."
        actions={
          isAdmin && (
            <button type="button" class="btn btn-primary" onClick={() => setDialog({ kind: 'enroll' })}>
              <Icon name="plus" size={14} /> Add host
            </button>
          )
        }
      />
      <AsyncView state={state}>
        {({ items }) => {
          const retired = items.filter((h) => h.status === 'decommissioned').length;
          const rows = showRetired ? items : items.filter((h) => h.status !== 'decommissioned');
          const groups = groupBySite(rows);
          return (
            <>
            {groups.length > 1 && <p class="muted small">{rows.length} hosts in {groups.length} groups by site</p>}
            {(groups.length ? groups : [{ site: '', items: [] as Host[] }]).map((g) => (
            <Card
              flush
              title={`${g.site ? `${g.site} · ` : ''}${g.items.length} host${g.items.length === 1 ? '' : 's'}`}
              actions={
                retired > 0 && (
                  <label class="check small">
                    <input type="checkbox" checked={showRetired} onChange={(e) => setShowRetired(e.currentTarget.checked)} /> Show {retired} decommissioned
                  </label>
                )
              }
            >
              <Table
                caption="Sensor hosts"
                columns={columns(now, isAdmin, setDialog, state.reload)}
                rows={g.items}
                rowKey={(h) => h.id}
                empty={<EmptyState icon="hosts" title="No sensor hosts">{isAdmin ? 'Add a host to get its one-line install command.' : 'An administrator can enroll hosts.'}</EmptyState>}
              />
            </Card>
            ))}
            </>
          );
        }}
      </AsyncView>
      {dialog?.kind === 'enroll' && <EnrollModal onClose={() => setDialog(null)} onCreated={state.reload} />}
      {dialog?.kind === 'settings' && <HostSettingsModal host={dialog.host} onClose={() => setDialog(null)} onDone={state.reload} />}
      {dialog?.kind === 'rename' && <RenameModal host={dialog.host} onClose={() => setDialog(null)} onDone={state.reload} />}
      {dialog?.kind === 'decommission' && (
        <ConfirmModal
          title={`Decommission ${dialog.host.name}?`}
          confirmLabel="Decommission"
          danger
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await Fleet.decommission(dialog.host.id);
            toast(`${dialog.host.name} decommissioned`);
            state.reload();
          }}
        >
          <p>On its next contact the host's agent tears its deckies down and forgets its identity (certificate, key, state); then its certificate is refused. This cannot be undone; re-enroll the machine to use it again.</p>
        </ConfirmModal>
      )}
    </>
  );
}
