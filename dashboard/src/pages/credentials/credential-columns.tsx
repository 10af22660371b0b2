// Column set for captured credentials (credentials page and attacker detail).
import type { Credential } from '../../api/types';
import { Badge, TagList } from '../../components/badge';
import type { Column } from '../../components/table';
import { formatCount } from '../../format/number';
import { formatRelative } from '../../format/time';
import { oneLine } from '../../format/text';
import { OutcomeBadge, SecretCell } from './credential-cells';

export function credentialColumns(now: number, withAttackers = true): Column<Credential>[] {
  const cols: Column<Credential>[] = [
    { key: 'cred', header: 'Principal : secret', sortValue: (c) => c.principal, render: (c) => <SecretCell principal={c.principal} secret={c.secretPrintable} /> },
    { key: 'kind', header: 'Kind', sortValue: (c) => c.kind, render: (c) => <Badge>{oneLine(c.kind, 32)}</Badge> },
    { key: 'outcome', header: 'Outcome', sortValue: (c) => c.outcome, render: (c) => <OutcomeBadge outcome={c.outcome} /> },
    { key: 'targets', header: 'Targets', render: (c) => <TagList items={c.targets.map((t) => `${oneLine(t.decky, 32)}/${oneLine(t.service, 16)}`)} max={3} /> },
    { key: 'attempts', header: 'Attempts', align: 'right', sortValue: (c) => c.attempts, render: (c) => formatCount(c.attempts) },
    { key: 'lastSeen', header: 'Last seen', sortValue: (c) => c.lastSeen, render: (c) => <span title={c.lastSeen}>{formatRelative(c.lastSeen, now)}</span> },
  ];
  if (withAttackers) {
    cols.splice(4, 0, { key: 'ips', header: 'Attackers', sortValue: (c) => c.attackerIps.length, render: (c) => <span class="mono small">{c.attackerIps.slice(0, 2).join(', ')}{c.attackerIps.length > 2 ? ` +${c.attackerIps.length - 2}` : ''}</span> });
  }
  return cols;
}
