// Client fingerprints seen from the attacker's address (sniffer: JA3, JA4, HASSH, p0f OS guess;
// prober: JARM, HASSH-server) with first/last seen, and the findings drawn from them.
import type { AttackerDetail } from '../../api/types';
import { Badge } from '../../components/badge';
import { CopyButton } from '../../components/copy-button';
import { EmptyState } from '../../components/empty-state';
import { Table, type Column } from '../../components/table';
import { formatCount } from '../../format/number';
import { formatDateTime } from '../../format/time';
import { oneLine } from '../../format/text';

type Fingerprint = AttackerDetail['fingerprints'][number];

const KIND_LABELS: Record<string, string> = { ja3: 'JA3', ja4: 'JA4', hassh: 'HASSH', os: 'OS (p0f)', jarm: 'JARM', hassh_server: 'HASSH-server', mac: 'MAC (IPv6 EUI-64)' };

const COLUMNS: Column<Fingerprint>[] = [
  { key: 'kind', header: 'Kind', render: (f) => <Badge tone="info">{KIND_LABELS[f.kind] ?? oneLine(f.kind, 16)}</Badge> },
  { key: 'value', header: 'Value', render: (f) => (<span class="sha"><span class="mono small">{oneLine(f.value, 80)}</span><CopyButton text={f.value} label="Copy" /></span>) },
  { key: 'count', header: 'Seen', align: 'right', render: (f) => formatCount(f.count) },
  { key: 'first', header: 'First seen', render: (f) => formatDateTime(f.firstSeen) },
  { key: 'last', header: 'Last seen', render: (f) => formatDateTime(f.lastSeen) },
];

export function AttackerFingerprints({ d }: { d: Pick<AttackerDetail, 'fingerprints' | 'findings'> }) {
  if (!d.fingerprints.length) return <EmptyState icon="shield" title="No client fingerprints seen" />;
  return (
    <>
      {d.findings.map((f) => (
        <p key={`${f.type}:${f.kind}`} class="finding">
          <Badge tone="warn">fingerprint rotated</Badge> {oneLine(f.detail, 200)}: <span class="mono small">{f.values.map((v) => oneLine(v, 40)).join(', ')}</span>
        </p>
      ))}
      <Table caption="Client fingerprints" columns={COLUMNS} rows={d.fingerprints} rowKey={(f) => `${f.kind}:${f.value}`} dense />
    </>
  );
}
