// Deckies of one host: desired config next to the state the agent reports, with admin actions.
import type { Catalogue, Decky } from '../../api/types';
import { Badge, StateBadge, TagList } from '../../components/badge';
import { Icon } from '../../components/icons';
import { Table, type Column } from '../../components/table';
import { formatRelative } from '../../format/time';
import { oneLine } from '../../format/text';
import { deckyState } from './deploy-logic';
import { formatInterval } from './decky-edit-logic';

/** `[decky.ssh] mode = high-interaction` (protocol's HIGH_INTERACTION; the dashboard imports protocol types only). */
export function isHighInteraction(d: Pick<Decky, 'serviceConfig'>): boolean {
  return Object.values(d.serviceConfig ?? {}).some((c) => c['mode'] === 'high-interaction');
}

interface Props {
  deckies: Decky[];
  catalogue: Catalogue;
  isAdmin: boolean;
  now: number;
  onEdit(d: Decky): void;
  onTeardown(d: Decky): void;
}

export function DeckyTable({ deckies, catalogue, isAdmin, now, onEdit, onTeardown }: Props) {
  const archetypeOs = (d: Decky) => catalogue.archetypes.find((a) => a.slug === d.archetype)?.nmapOs;
  const columns: Column<Decky>[] = [
    {
      key: 'name',
      header: 'Decky',
      render: (d) => (
        <span class="strong nowrap">
          {d.name}{' '}
          {isHighInteraction(d) && (
            <Badge tone="warn" title="High-interaction: a real OpenSSH and shell in a container (egress blocked, limits, reset to its image); see the README's risks">
              high-interaction
            </Badge>
          )}
        </span>
      ),
    },
    { key: 'state', header: 'State', render: (d) => (<span class="state-cell"><StateBadge state={deckyState(d)} />{d.reported?.error && <span class="form-error small" title={oneLine(d.reported.error, 500)}>{oneLine(d.reported.error, 60)}</span>}</span>) },
    { key: 'archetype', header: 'Archetype', render: (d) => (d.archetype ? <Badge tone="info">{d.archetype}</Badge> : <span class="muted">custom</span>) },
    { key: 'ip', header: 'IP', render: (d) => <span class="mono">{d.ip ?? '—'}</span> },
    { key: 'services', header: 'Services', render: (d) => <TagList items={d.services} max={5} /> },
    { key: 'os', header: 'OS', render: (d) => d.nmapOs ?? <span class="muted" title="From the archetype">{archetypeOs(d) ?? 'linux'}</span> },
    { key: 'rotation', header: 'Rotation', render: (d) => (d.mutateIntervalMin ? <span><Icon name="refresh" size={12} /> {formatInterval(d.mutateIntervalMin)}</span> : <span class="muted">off</span>) },
    { key: 'reported', header: 'Reported', render: (d) => <span class="muted">{d.reported ? formatRelative(d.reported.at, now) : 'never'}</span> },
  ];
  if (isAdmin) {
    columns.push({
      key: 'actions',
      header: <span class="sr-only">Actions</span>,
      align: 'right',
      render: (d) => (
        <span class="row-actions">
          <button type="button" class="btn btn-sm" onClick={() => onEdit(d)} aria-label={`Configure ${d.name}`}>
            <Icon name="edit" size={13} /> Configure
          </button>
          <button type="button" class="btn btn-sm btn-danger-ghost" onClick={() => onTeardown(d)} aria-label={`Tear down ${d.name}`}>
            <Icon name="trash" size={13} /> Teardown
          </button>
        </span>
      ),
    });
  }
  return <Table caption="Deckies" columns={columns} rows={deckies} rowKey={(d) => d.id} />;
}
