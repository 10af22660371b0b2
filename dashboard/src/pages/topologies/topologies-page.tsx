// Topologies (MazeNET): every multi-LAN deception network with its host, status, version and size
// (polled every 5 s); admins create new ones (blank, generated with a preview, from INI).
import type { TopologyListItem } from '@decnet/protocol';
import { useState } from 'preact/hooks';
import { Fleet, Topologies } from '../../api';
import { AsyncView } from '../../components/async-view';
import { Badge, StateBadge } from '../../components/badge';
import { Card } from '../../components/card';
import { EmptyState } from '../../components/empty-state';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { Table, type Column } from '../../components/table';
import { useAsync } from '../../hooks/use-async';
import { useInterval } from '../../hooks/use-interval';
import { Link } from '../../router/router';
import { NewTopologyModal } from './new-topology-modal';

export function TopologiesPage({ isAdmin }: { isAdmin: boolean }) {
  const state = useAsync(async () => {
    const [list, hosts] = await Promise.all([Topologies.list(), Fleet.hosts()]);
    return { items: list.items, hosts: hosts.items };
  }, []);
  const [creating, setCreating] = useState(false);
  useInterval(state.reload, 5000);

  return (
    <>
      <PageHeader
        title="Topologies"
        subtitle="Multi-LAN deception networks: a DMZ attackers reach first, inner LANs only through forwarding deckies."
        actions={
          isAdmin && (
            <button type="button" class="btn btn-primary" onClick={() => setCreating(true)} disabled={!state.data}>
              <Icon name="plus" size={14} /> New topology
            </button>
          )
        }
      />
      <AsyncView state={state}>
        {({ items, hosts }) => {
          const hostName = (id: string) => hosts.find((h) => h.id === id)?.name ?? id;
          const columns: Column<TopologyListItem>[] = [
            { key: 'name', header: 'Topology', sortValue: (t) => t.name, render: (t) => <Link href={`/topologies/${encodeURIComponent(t.id)}`} class="strong mono">{t.name}</Link> },
            { key: 'host', header: 'Host', sortValue: (t) => hostName(t.hostId), render: (t) => hostName(t.hostId) },
            {
              key: 'status',
              header: 'Status',
              sortValue: (t) => t.status,
              render: (t) => (
                <span class="state-cell">
                  <StateBadge state={t.status} />
                  {t.statusReason && <span class="muted small">{t.statusReason.slice(0, 80)}</span>}
                </span>
              ),
            },
            { key: 'version', header: 'Version', align: 'right', sortValue: (t) => t.version, render: (t) => <span class="mono">{t.version}</span> },
            { key: 'lans', header: 'LANs', align: 'right', sortValue: (t) => t.lanCount, render: (t) => t.lanCount },
            { key: 'deckies', header: 'Deckies', align: 'right', sortValue: (t) => t.deckyCount, render: (t) => t.deckyCount },
            {
              key: 'pending',
              header: 'Pending',
              render: (t) => (
                <>
                  {t.pendingMutations > 0 ? <Badge tone="info">{t.pendingMutations} mutation{t.pendingMutations === 1 ? '' : 's'}</Badge> : <span class="muted">—</span>}
                  {t.isolated === false && <Badge tone="warn" title="Local runtime: LANs are loopback ranges, not isolated">not isolated</Badge>}
                </>
              ),
            },
          ];
          return (
            <>
              <Card flush>
                {items.length ? (
                  <Table caption="Topologies" columns={columns} rows={items} rowKey={(t) => t.id} />
                ) : (
                  <EmptyState icon="fleet" title="No topologies yet">
                    {isAdmin ? 'Use “New topology” to generate a maze of LANs or start from a blank DMZ.' : 'An administrator can create one.'}
                  </EmptyState>
                )}
              </Card>
              {creating && <NewTopologyModal hosts={hosts} onClose={() => setCreating(false)} />}
            </>
          );
        }}
      </AsyncView>
    </>
  );
}
