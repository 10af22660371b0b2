// Techniques with their evidence for one attacker or a set of attackers (an identity's members):
// technique, tactics, confidence, counts, and per tag the rule, session and the evidence it kept.
import { Attack, type AttackerTechniques, type AttackTechniqueUse } from '../../api/attack-api';
import { AsyncView } from '../../components/async-view';
import { Badge, TagList } from '../../components/badge';
import { EmptyState } from '../../components/empty-state';
import { Table, type Column } from '../../components/table';
import { formatCount } from '../../format/number';
import { formatDateTime } from '../../format/time';
import { oneLine } from '../../format/text';
import { useAsync } from '../../hooks/use-async';
import './attack.css';

const COLUMNS: Column<AttackTechniqueUse>[] = [
  { key: 'id', header: 'Technique', sortValue: (t) => t.techniqueId, render: (t) => (<span><span class="mono strong">{t.techniqueId}</span><br />{t.name}</span>) },
  { key: 'tactics', header: 'Tactics', render: (t) => <TagList items={t.tactics} tone="info" max={3} /> },
  { key: 'confidence', header: 'Confidence', align: 'right', sortValue: (t) => t.confidence, render: (t) => <Badge tone={t.confidence >= 0.8 ? 'bad' : t.confidence >= 0.6 ? 'warn' : 'neutral'}>{t.confidence.toFixed(2)}</Badge> },
  { key: 'count', header: 'Seen', align: 'right', sortValue: (t) => t.count, render: (t) => formatCount(t.count) },
  { key: 'last', header: 'Last seen', sortValue: (t) => t.lastSeen, render: (t) => formatDateTime(t.lastSeen) },
  {
    key: 'evidence', header: 'Evidence',
    render: (t) => (
      <ul class="attack-evidence">
        {t.tags.slice(0, 5).map((g) => (
          <li key={`${g.ruleId}:${g.sessionId ?? ''}`}>
            <span class="mono small">{g.ruleId}</span>{' '}
            {Object.entries(g.evidence).map(([k, v]) => (<span key={k} class="small"><span class="muted">{k}</span> <span class="mono">{oneLine(String(v), 160)}</span> </span>))}
            {g.service && <span class="muted small"> · {oneLine(g.decky, 40)}/{oneLine(g.service, 20)}</span>}
          </li>
        ))}
      </ul>
    ),
  },
];

export function TechniqueTable({ data }: { data: AttackerTechniques }) {
  if (!data.techniques.length) return <EmptyState icon="shield" title="No ATT&CK techniques tagged" />;
  return <Table caption="ATT&CK techniques" columns={COLUMNS} rows={data.techniques} rowKey={(t) => t.techniqueId} dense />;
}

/** Loads and shows the techniques of `attackerIds` (one attacker, or an identity's members). */
export function TechniqueList({ attackerIds }: { attackerIds: readonly string[] }) {
  const key = attackerIds.join(',');
  const state = useAsync(() => (attackerIds.length === 1 ? Attack.attackerTechniques(attackerIds[0]!) : Attack.techniquesOf(attackerIds)), [key]);
  return <AsyncView state={state}>{(d) => <TechniqueTable data={d} />}</AsyncView>;
}
