// Reuse findings: one secret seen against several deckies or services, a sign of credential
// stuffing or of an attacker carrying loot across the network.
import { useState } from 'preact/hooks';
import { Intel } from '../../api';
import type { CredentialReuse } from '../../api/types';
import { AsyncView } from '../../components/async-view';
import { Badge, TagList } from '../../components/badge';
import { Card } from '../../components/card';
import { EmptyState } from '../../components/empty-state';
import { Table, type Column } from '../../components/table';
import type { SortState } from '../../components/table-logic';
import { formatCount } from '../../format/number';
import { formatRelative } from '../../format/time';
import { oneLine } from '../../format/text';
import { useAsync } from '../../hooks/use-async';
import { useNow } from '../../hooks/use-now';
import { SecretCell } from './credential-cells';

function columns(now: number): Column<CredentialReuse>[] {
  return [
    { key: 'cred', header: 'Principal : secret', sortValue: (c) => c.principal, render: (c) => <SecretCell principal={c.principal} secret={c.secretPrintable} /> },
    { key: 'kind', header: 'Kind', sortValue: (c) => c.kind, render: (c) => <Badge>{oneLine(c.kind, 32)}</Badge> },
    { key: 'targets', header: 'Targets', align: 'right', sortValue: (c) => c.targetCount, render: (c) => <Badge tone={c.targetCount >= 3 ? 'bad' : 'warn'}>{formatCount(c.targetCount)}</Badge> },
    { key: 'deckies', header: 'Deckies', render: (c) => <TagList items={c.deckies.map((d) => oneLine(d, 32))} tone="info" max={4} /> },
    { key: 'services', header: 'Services', render: (c) => <TagList items={c.services} max={4} /> },
    { key: 'ips', header: 'Attackers', sortValue: (c) => c.attackerIps.length, render: (c) => <span class="mono small">{c.attackerIps.slice(0, 2).join(', ')}{c.attackerIps.length > 2 ? ` +${c.attackerIps.length - 2}` : ''}</span> },
    { key: 'attempts', header: 'Attempts', align: 'right', sortValue: (c) => c.attempts, render: (c) => formatCount(c.attempts) },
    { key: 'lastSeen', header: 'Last seen', sortValue: (c) => c.lastSeen, render: (c) => formatRelative(c.lastSeen, now) },
  ];
}

export function ReuseFindings() {
  const state = useAsync(() => Intel.credentialReuse(), []);
  const [sort, setSort] = useState<SortState>({ key: 'targets', dir: 'desc' });
  const now = useNow();
  return (
    <Card flush title="Secrets reused across targets">
      <AsyncView state={state}>
        {(d) => (
          <Table
            caption="Credential reuse"
            columns={columns(now)}
            rows={d.items}
            rowKey={(c) => c.id}
            sort={sort}
            onSort={setSort}
            empty={<EmptyState icon="key" title="No reuse found">A finding appears when one secret is tried on more than one decky or service.</EmptyState>}
          />
        )}
      </AsyncView>
    </Card>
  );
}
