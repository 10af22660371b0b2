// History of one topology: its mutation batches (when, who, from which trigger, what, with the agent's
// result) and its audited status transitions. Reloaded whenever the live snapshot's version, status or
// applied version moves, so a mutation is seen going pending → applied without a page reload.
import type { TopologyMutation, TopologySnapshot, TopologyStatusEvent } from '@decnet/protocol';
import { Topologies } from '../../api';
import { Badge, StateBadge } from '../../components/badge';
import { Card } from '../../components/card';
import { ErrorState } from '../../components/error-state';
import { Table, type Column } from '../../components/table';
import { formatDateTime } from '../../format/time';
import { useAsync } from '../../hooks/use-async';
import { describeOps, MUTATION_TONES } from './history-logic';

const mutationColumns: Column<TopologyMutation>[] = [
  { key: 'at', header: 'When', render: (m) => <span class="nowrap">{formatDateTime(m.createdAt)}</span> },
  { key: 'actor', header: 'Who', render: (m) => <span class="mono">{m.actor ?? '—'}</span> },
  { key: 'trigger', header: 'Trigger', render: (m) => m.trigger },
  { key: 'ops', header: 'Changes', render: (m) => <ul class="plain-list">{describeOps(m.ops).map((l, i) => <li key={i}>{l}</li>)}</ul> },
  { key: 'version', header: 'Version', render: (m) => `${m.baseVersion} → ${m.resultVersion}` },
  {
    key: 'result',
    header: 'Result',
    render: (m) => (
      <span>
        <Badge tone={MUTATION_TONES[m.status]}>{m.status}</Badge>
        {m.appliedAt && <span class="muted small"> {formatDateTime(m.appliedAt)}</span>}
        {m.error && <div class="small text-bad">{m.error}</div>}
      </span>
    ),
  },
];

const eventColumns: Column<TopologyStatusEvent>[] = [
  { key: 'at', header: 'When', render: (e) => <span class="nowrap">{formatDateTime(e.at)}</span> },
  { key: 'change', header: 'Transition', render: (e) => <span>{e.from ? <StateBadge state={e.from} /> : <span class="muted">created</span>} → <StateBadge state={e.to} /></span> },
  { key: 'reason', header: 'Reason', render: (e) => e.reason ?? <span class="muted">—</span> },
];

export function TopologyHistory({ snapshot }: { snapshot: TopologySnapshot }) {
  const id = snapshot.id;
  const state = useAsync(
    () => Promise.all([Topologies.mutations(id), Topologies.statusEvents(id)]).then(([m, e]) => ({ mutations: m.items, events: [...e.items].reverse() })),
    [id, snapshot.version, snapshot.status, snapshot.appliedVersion, snapshot.pendingMutations.length],
  );
  if (state.error !== undefined && !state.data) return <ErrorState error={state.error} />;
  const data = state.data;
  return (
    <div class="topology-history" aria-label="Topology history">
      <Card title="Mutation history" flush>
        <Table caption="Mutation history" columns={mutationColumns} rows={data?.mutations ?? []} rowKey={(m) => m.id} busy={state.loading && !data} dense empty="No mutations yet" />
      </Card>
      <Card title="Status events" flush>
        <Table caption="Status events" columns={eventColumns} rows={data?.events ?? []} rowKey={(e) => e.id} busy={state.loading && !data} dense empty="No status events" />
      </Card>
    </div>
  );
}
