// One attacker: summary and profile, then tabs for timeline, sessions (command transcripts),
// commands, credentials and artifacts; JSON/CSV export.
import { useState } from 'preact/hooks';
import { Intel } from '../../api';
import type { AttackerDetail } from '../../api/types';
import { AsyncView } from '../../components/async-view';
import { Badge, TagList } from '../../components/badge';
import { Card } from '../../components/card';
import { EmptyState } from '../../components/empty-state';
import { KeyValues } from '../../components/field-list';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { Table, type Column } from '../../components/table';
import { TabPanel, Tabs } from '../../components/tabs';
import { formatCount } from '../../format/number';
import { formatDateTime, formatRelative } from '../../format/time';
import { oneLine, visible } from '../../format/text';
import { useAsync } from '../../hooks/use-async';
import { useNow } from '../../hooks/use-now';
import { Link } from '../../router/router';
import { AttackerIdentityLink } from '../identities/attacker-identity-link';
import { credentialColumns } from '../credentials/credential-columns';
import { AttackerArtifacts } from './attacker-artifacts';
import { AttackerFingerprints } from './attacker-fingerprints';
import { TechniqueList } from '../attack/technique-list';
import { AttackerProfile } from './attacker-profile';
import { AttackerSessions } from './attacker-sessions';
import { AttackerTimeline } from './attacker-timeline';
import { ExportMenu } from './export-menu';
import { IntelExport } from './intel-export';

type Cmd = AttackerDetail['commands'][number];
const CMD_COLUMNS: Column<Cmd>[] = [
  { key: 'ts', header: 'Time', width: '170px', render: (c) => <span class="mono small">{formatDateTime(c.ts)}</span> },
  { key: 'where', header: 'Where', width: '200px', render: (c) => `${oneLine(c.decky, 32)} · ${oneLine(c.service, 16)}` },
  { key: 'cmd', header: 'Command', render: (c) => <code class="cmd">{visible(c.cmd)}</code> },
];

export function AttackerDetailPage({ id }: { id: string }) {
  const state = useAsync(() => Intel.attacker(id), [id]);
  return (
    <>
      <div class="crumbs">
        <Link href="/attackers">
          <Icon name="chevronLeft" size={14} /> Attackers
        </Link>
      </div>
      <AsyncView state={state}>{(d) => <Detail d={d} />}</AsyncView>
    </>
  );
}

function Detail({ d }: { d: AttackerDetail }) {
  const a = d.attacker;
  const now = useNow();
  const [tab, setTab] = useState('timeline');
  const tabs = [
    { key: 'timeline', label: `Timeline (${d.events.length})` },
    { key: 'sessions', label: `Sessions (${d.sessions.length})` },
    { key: 'commands', label: `Commands (${d.commands.length})` },
    { key: 'credentials', label: `Credentials (${d.credentials.length})` },
    { key: 'artifacts', label: `Artifacts (${d.artifacts.length})` },
    { key: 'fingerprints', label: `Fingerprints (${d.fingerprints.length})${d.findings.length ? ' !' : ''}` },
    { key: 'techniques', label: 'ATT&CK' },
  ];
  return (
    <>
      <PageHeader
        title={<span class="mono">{a.ip}</span>}
        subtitle={
          <span class="header-badges">
            {a.isTraversal && <Badge tone="bad">traversal across {a.deckies.length} deckies</Badge>}
            {a.behaviorClass && <Badge tone="accent">{oneLine(a.behaviorClass, 32)}</Badge>}
            <AttackerIdentityLink attackerId={a.id} />
            <span>
              first seen {formatRelative(a.firstSeen, now)}, last seen {formatRelative(a.lastSeen, now)}
            </span>
          </span>
        }
        actions={
          <>
            <IntelExport scope={{ kind: 'attacker', id: a.id }} />
            <ExportMenu label="Export" onExport={(f) => Intel.exportAttacker(a.id, f)} fallbackName={`attacker-${a.ip}`} />
          </>
        }
      />
      <div class="grid-2">
        <Card title="Summary">
          <KeyValues
            items={[
              ['Events', formatCount(a.eventCount)],
              ['Sessions', formatCount(a.sessionCount)],
              ['Credentials', formatCount(a.credentialCount)],
              ['First seen', formatDateTime(a.firstSeen)],
              ['Last seen', formatDateTime(a.lastSeen)],
              ['Services', <TagList items={a.services} max={10} />],
              ['Deckies', <TagList items={a.deckies.map((x) => oneLine(x, 40))} max={10} tone="info" />],
            ]}
          />
        </Card>
        <AttackerProfile attacker={a} />
      </div>
      <Card flush>
        <Tabs idPrefix="attacker" tabs={tabs} active={tab} onChange={setTab} />
        <TabPanel idPrefix="attacker" active={tab}>
          {tab === 'timeline' && <AttackerTimeline events={d.events} />}
          {tab === 'sessions' && <AttackerSessions sessions={d.sessions} />}
          {tab === 'commands' &&
            (d.commands.length ? <Table caption="Commands" columns={CMD_COLUMNS} rows={d.commands} rowKey={(c, i) => `${i}:${c.ts}`} dense /> : <EmptyState icon="terminal" title="No commands recorded" />)}
          {tab === 'credentials' &&
            (d.credentials.length ? <Table caption="Credentials" columns={credentialColumns(now, false)} rows={d.credentials} rowKey={(c) => c.id} /> : <EmptyState icon="key" title="No credentials tried" />)}
          {tab === 'artifacts' && <AttackerArtifacts artifacts={d.artifacts} />}
          {tab === 'fingerprints' && <AttackerFingerprints d={d} />}
          {tab === 'techniques' && <TechniqueList attackerIds={[a.id]} />}
        </TabPanel>
      </Card>
    </>
  );
}
