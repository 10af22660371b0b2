// Files the attacker dropped or fetched (captured artifacts), identified by SHA-256.
import type { Artifact } from '../../api/types';
import { Badge } from '../../components/badge';
import { CopyButton } from '../../components/copy-button';
import { EmptyState } from '../../components/empty-state';
import { Table, type Column } from '../../components/table';
import { formatBytes } from '../../format/number';
import { formatDateTime } from '../../format/time';
import { oneLine } from '../../format/text';

const COLUMNS: Column<Artifact>[] = [
  { key: 'name', header: 'File name', render: (a) => <span class="mono">{oneLine(a.name, 80)}</span> },
  { key: 'size', header: 'Size', align: 'right', render: (a) => formatBytes(a.size) },
  { key: 'where', header: 'Captured on', render: (a) => (<>{oneLine(a.decky, 40)} <Badge>{oneLine(a.service, 16)}</Badge></>) },
  { key: 'ts', header: 'Time', render: (a) => formatDateTime(a.ts) },
  { key: 'sha', header: 'SHA-256', render: (a) => (<span class="sha"><span class="mono small" title={a.sha256}>{a.sha256.slice(0, 16)}…</span><CopyButton text={a.sha256} label="Copy" /></span>) },
];

export function AttackerArtifacts({ artifacts }: { artifacts: Artifact[] }) {
  if (!artifacts.length) return <EmptyState icon="file" title="No artifacts captured" />;
  return <Table caption="Artifacts" columns={COLUMNS} rows={artifacts} rowKey={(a) => `${a.sha256}:${a.ts}`} />;
}
