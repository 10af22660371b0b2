// Deckies of one host: desired config next to the state the agent reports, with admin actions
// (configure, tear down, reset a high-interaction decky to its image).
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
  /** Reset a high-interaction decky's container to its image (a fleet command to its host's agent). */
  onReset?(d: Decky): void;
  /** Open the decky's realism report (self-test, issue 17); admins start a self-test from there. */
  onRealism?(d: Decky): void;
}

export function DeckyTable({ deckies, catalogue, isAdmin, now, onEdit, onTeardown, onReset, onRealism }: Props) {
  const archetypeOs = (d: Decky) => catalogue.archetypes.find((a) => a.slug === d.archetype)?.nmapOs;
  const columns: Column<Decky>[] = [
    {
      key: 'name',
      header: 'Decky',
      render: (d) => (
        <span class="strong nowrap">
          {d.name}{' '}
          {isHighInteraction(d) && (
            <Badge tone="warn" title="High-interaction: a real OpenSSH/telnetd and shell in a container (egress blocked, limits, reset to its image); see the README's risks">
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
  if (onRealism) {
    columns.push({
      key: 'realism',
      header: 'Realism',
      render: (d) => (
        <button type="button" class="btn btn-sm btn-ghost" onClick={() => onRealism(d)} aria-label={`Realism report of ${d.name}`} title={isAdmin ? 'Realism report; run a self-test of its disguise' : 'Realism report'}>
          <Icon name="shield" size={13} /> {isAdmin ? 'Self-test' : 'Report'}
        </button>
      ),
    });
  }
  if (isAdmin) {
    columns.push({
      key: 'actions',
      header: <span class="sr-only">Actions</span>,
      align: 'right',
      render: (d) => (
        <span class="row-actions">
          {onReset && isHighInteraction(d) && d.hostId && (
            <button type="button" class="btn btn-sm" onClick={() => onReset(d)} aria-label={`Reset ${d.name}`} title="Reset its high-interaction container to the image: whatever the intruder changed is gone">
              <Icon name="refresh" size={13} /> Reset
            </button>
          )}
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
