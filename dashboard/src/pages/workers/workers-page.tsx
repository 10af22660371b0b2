// Workers view (issue 19): per site, per host, each agent worker's health (ok / stale / unknown from
// the heartbeats, its status, restarts, last error) and the bus connection; admins restart, stop or
// start a worker (a command through the agent's desired state, shown pending until acknowledged),
// and set the fleet-wide default rotation interval. Recent commands below, with their errors.
import { useState } from 'preact/hooks';
import { FleetControl } from '../../api';
import type { FleetCommandView, HostWorkers } from '../../api/fleet-control-api';
import { AsyncView } from '../../components/async-view';
import { Badge, StateBadge } from '../../components/badge';
import { Card } from '../../components/card';
import { EmptyState } from '../../components/empty-state';
import { PageHeader } from '../../components/page-header';
import { Table, type Column } from '../../components/table';
import { toast } from '../../components/toast';
import { errorLine } from '../../format/errors';
import { formatDateTime, formatRelative } from '../../format/time';
import { useAsync } from '../../hooks/use-async';
import { useInterval } from '../../hooks/use-interval';
import { useNow } from '../../hooks/use-now';
import { RotationSetting } from './rotation-setting';
import { commandLabel, groupBySite, workerActions } from './workers-logic';

type WorkerRow = HostWorkers['workers'][number];
const LIVENESS_TONE = { ok: 'ok', stale: 'warn', unknown: 'neutral' } as const;

function workerColumns(host: HostWorkers, isAdmin: boolean, now: number, act: (h: HostWorkers, w: WorkerRow, a: 'restart' | 'stop' | 'start') => void): Column<WorkerRow>[] {
  const cols: Column<WorkerRow>[] = [
    { key: 'name', header: 'Worker', sortValue: (w) => w.name, render: (w) => <span class="mono">{w.name}</span> },
    { key: 'liveness', header: 'Health', sortValue: (w) => w.liveness, render: (w) => <Badge tone={LIVENESS_TONE[w.liveness]} dot>{w.liveness}</Badge> },
    { key: 'status', header: 'Status', render: (w) => (w.status ? <StateBadge state={w.state === 'stopped' ? 'stopped' : w.status} /> : <span class="muted">—</span>) },
    { key: 'restarts', header: 'Restarts', sortValue: (w) => w.restarts ?? -1, render: (w) => (w.restarts == null ? <span class="muted">—</span> : String(w.restarts)) },
    { key: 'error', header: 'Last error', render: (w) => (w.lastError ? <span class="small" title={w.lastError}>{w.lastError.slice(0, 120)}</span> : <span class="muted">—</span>) },
    { key: 'seen', header: 'Last seen', render: (w) => <span title={formatDateTime(w.lastSeenAt)}>{formatRelative(w.lastSeenAt, now)}</span> },
  ];
  if (isAdmin) {
    cols.push({
      key: 'actions',
      header: <span class="sr-only">Actions</span>,
      align: 'right',
      render: (w) => (
        <span class="row-actions">
          {workerActions(w).map((a) => (
            <button type="button" class={`btn btn-sm${a === 'stop' ? ' btn-danger-ghost' : ''}`} onClick={() => act(host, w, a)} aria-label={`${a} ${w.name} on ${host.hostName}`}>
              {a[0]!.toUpperCase() + a.slice(1)}
            </button>
          ))}
        </span>
      ),
    });
  }
  return cols;
}

const commandColumns = (hosts: Map<string, string>, now: number): Column<FleetCommandView>[] => [
  { key: 'created', header: 'Sent', sortValue: (c) => c.createdAt, render: (c) => <span title={formatDateTime(c.createdAt)}>{formatRelative(c.createdAt, now)}</span> },
  { key: 'host', header: 'Host', render: (c) => hosts.get(c.hostId) ?? <span class="mono faint">{c.hostId.slice(0, 8)}</span> },
  { key: 'command', header: 'Command', render: (c) => <span class="mono">{commandLabel(c)}</span> },
  { key: 'status', header: 'Status', sortValue: (c) => c.status, render: (c) => <StateBadge state={c.status === 'done' ? 'running' : c.status} /> },
  { key: 'detail', header: 'Result', render: (c) => <span class="small">{c.error ?? c.result ?? ''}</span> },
];

export function WorkersPage({ isAdmin }: { isAdmin: boolean }) {
  const state = useAsync(async () => {
    const [workers, commands] = await Promise.all([FleetControl.workers(), FleetControl.commands({ limit: 50 })]);
    return { hosts: workers.items, commands: commands.items };
  }, []);
  const now = useNow(5000);
  const [busy, setBusy] = useState(false);
  useInterval(state.reload, 5000);
  const act = async (h: HostWorkers, w: WorkerRow, action: 'restart' | 'stop' | 'start') => {
    if (busy) return;
    setBusy(true);
    try {
      await FleetControl.command(h.hostId, { kind: 'worker', worker: w.name, action });
      toast(`${action} ${w.name} sent to ${h.hostName}: its agent runs it on its next desired state`);
      state.reload();
    } catch (err) {
      toast(errorLine(err), 'bad');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader title="Workers" subtitle="Each sensor host's agent workers, from their heartbeats (every 30 s): ok when heard within 90 s, stale after, unknown when never reported." actions={<RotationSetting isAdmin={isAdmin} />} />
      <AsyncView state={state}>
        {({ hosts, commands }) => (
          <>
            {hosts.length === 0 && <EmptyState icon="hosts" title="No active hosts">Enroll a host on the Hosts page.</EmptyState>}
            {groupBySite(hosts).map((g) => (
              <section class="stack" aria-label={`Site ${g.site}`}>
                <h2 class="section-title">{g.site}</h2>
                {g.items.map((h) => (
                  <Card
                    flush
                    title={<span>{h.hostName} <StateBadge state={h.hostStatus} /></span>}
                    actions={
                      <span class="row-actions small">
                        {h.busConnected == null ? <Badge>bus: unknown</Badge> : <Badge tone={h.busConnected ? 'ok' : 'bad'}>{h.busConnected ? 'bus connected' : 'bus disconnected'}</Badge>}
                        {h.pendingCommands > 0 && <Badge tone="info">{h.pendingCommands} pending</Badge>}
                      </span>
                    }
                  >
                    <Table caption={`Workers on ${h.hostName}`} columns={workerColumns(h, isAdmin, now, (...a) => void act(...a))} rows={h.workers} rowKey={(w) => w.name} />
                  </Card>
                ))}
              </section>
            ))}
            <Card flush title="Recent commands">
              <Table caption="Recent commands" columns={commandColumns(new Map(hosts.map((h) => [h.hostId, h.hostName])), now)} rows={commands} rowKey={(c) => c.id} empty={<EmptyState icon="hosts" title="No commands yet">Restart, stop or start a worker above.</EmptyState>} />
            </Card>
          </>
        )}
      </AsyncView>
    </>
  );
}
