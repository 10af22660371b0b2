// Why these addresses were joined: one row per edge with its weight and the evidence in tiers.
import type { IdentityDetail } from '../../api/identity-api';
import { Badge, type Tone } from '../../components/badge';
import { EmptyState } from '../../components/empty-state';
import { Table, type Column } from '../../components/table';
import { oneLine } from '../../format/text';

type Edge = IdentityDetail['edges'][number];
const TONE: Record<string, Tone> = { strong: 'bad', medium: 'warn', weak: 'info', very_weak: 'neutral', manual: 'accent' };

const COLUMNS: Column<Edge>[] = [
  { key: 'pair', header: 'Addresses', width: '280px', render: (e) => <span class="mono small">{oneLine(e.aIp ?? e.a, 40)} ↔ {oneLine(e.bIp ?? e.b, 40)}</span> },
  { key: 'weight', header: 'Weight', align: 'right', width: '80px', render: (e) => e.weight.toFixed(2) },
  {
    key: 'evidence',
    header: 'Evidence',
    render: (e) => (
      <span class="header-badges">
        {e.evidence.map((x) => (
          <Badge tone={TONE[x.tier] ?? 'neutral'} title={x.values.map((v) => oneLine(v, 80)).join('\n')}>
            {x.tier.replace('_', ' ')} · {oneLine(x.kind, 24)}
            {x.values.length ? `: ${oneLine(x.values[0]!, 28)}` : ''} ({x.score.toFixed(2)})
          </Badge>
        ))}
      </span>
    ),
  },
];

export function IdentityEvidence({ edges }: { edges: Edge[] }) {
  return edges.length ? <Table caption="Edges and their evidence" columns={COLUMNS} rows={edges} rowKey={(e) => `${e.a}:${e.b}`} dense /> : <EmptyState icon="shield" title="No edges" />;
}
