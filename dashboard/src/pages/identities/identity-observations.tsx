// Attribution per trait (unknown, stable, drifting, conflicted, multi-actor) and the observation
// timeline of an identity's members.
import { Identities } from '../../api/identity-api';
import { Badge, type Tone } from '../../components/badge';
import { AsyncView } from '../../components/async-view';
import { EmptyState } from '../../components/empty-state';
import { Table, type Column } from '../../components/table';
import { oneLine } from '../../format/text';
import { formatDateTime } from '../../format/time';
import { useAsync } from '../../hooks/use-async';
import type { IdentityObservations } from '../../api/identity-api';

type Trait = IdentityObservations['traits'][number];
type Obs = IdentityObservations['timeline'][number];
const STATE_TONE: Record<string, Tone> = { unknown: 'neutral', stable: 'ok', drifting: 'warn', conflicted: 'bad', multi_actor: 'bad' };

const TRAITS: Column<Trait>[] = [
  { key: 'trait', header: 'Trait', width: '200px', render: (t) => t.trait.replace(/_/g, ' ') },
  { key: 'state', header: 'State', width: '130px', render: (t) => <Badge tone={STATE_TONE[t.state] ?? 'neutral'}>{t.state.replace('_', '-')}</Badge> },
  { key: 'n', header: 'Observations', align: 'right', width: '120px', render: (t) => String(t.observations) },
  { key: 'values', header: 'Values', render: (t) => <span class="mono small">{t.values.map((v) => oneLine(v, 34)).join(', ')}</span> },
];

const TIMELINE: Column<Obs>[] = [
  { key: 'ts', header: 'Time', width: '170px', render: (o) => <span class="mono small">{formatDateTime(o.ts)}</span> },
  { key: 'ip', header: 'Address', width: '160px', render: (o) => <span class="mono small">{oneLine(o.ip, 40)}</span> },
  { key: 'kind', header: 'Observed', width: '120px', render: (o) => o.kind },
  { key: 'value', header: 'Value', render: (o) => <span class="mono small">{oneLine(o.value, 120)}</span> },
];

export function IdentityObservationsView({ id }: { id: string }) {
  const state = useAsync(() => Identities.observations(id), [id]);
  return (
    <AsyncView state={state}>
      {(d) => (
        <>
          {d.multiActorSuspected && <p><Badge tone="bad">multi-actor suspected: two or more traits are used concurrently from different addresses</Badge></p>}
          {d.traits.length ? <Table caption="Traits" columns={TRAITS} rows={d.traits} rowKey={(t) => t.trait} dense /> : <EmptyState icon="shield" title="No traits observed yet" />}
          {d.timeline.length > 0 && <Table caption="Observation timeline" columns={TIMELINE} rows={d.timeline} rowKey={(o, i) => `${i}:${o.ts}`} dense />}
        </>
      )}
    </AsyncView>
  );
}
