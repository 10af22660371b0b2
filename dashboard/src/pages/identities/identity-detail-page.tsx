// One identity: summary, members (admins can split an address out), the evidence of each edge,
// trait attribution with the observation timeline, the change log, and an admin merge form.
import { useState } from 'preact/hooks';
import { Identities, type IdentityDetail } from '../../api/identity-api';
import { AsyncView } from '../../components/async-view';
import { Badge, TagList } from '../../components/badge';
import { Card } from '../../components/card';
import { Field } from '../../components/field';
import { KeyValues } from '../../components/field-list';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { IntelExport } from '../attackers/intel-export';
import { Table, type Column } from '../../components/table';
import { TabPanel, Tabs } from '../../components/tabs';
import { TechniqueList } from '../attack/technique-list';
import { toast } from '../../components/toast';
import { errorLine } from '../../format/errors';
import { formatCount } from '../../format/number';
import { oneLine } from '../../format/text';
import { formatDateTime } from '../../format/time';
import { useAsync } from '../../hooks/use-async';
import { Link, navigate } from '../../router/router';
import { shortId } from './identities-page';
import { IdentityEvidence } from './identity-evidence';
import { IdentityObservationsView } from './identity-observations';

type Member = IdentityDetail['members'][number];
type LogEntry = IdentityDetail['log'][number];

export function IdentityDetailPage({ id, isAdmin }: { id: string; isAdmin: boolean }) {
  const state = useAsync(() => Identities.identity(id), [id]);
  return (
    <>
      <div class="crumbs">
        <Link href="/identities">
          <Icon name="chevronLeft" size={14} /> Identities
        </Link>
      </div>
      <AsyncView state={state}>{(d) => <Detail d={d} isAdmin={isAdmin} reload={state.reload} />}</AsyncView>
    </>
  );
}

function memberColumns(isAdmin: boolean, split: (m: Member) => void): Column<Member>[] {
  return [
    { key: 'ip', header: 'Address', render: (m) => <Link href={`/attackers/${encodeURIComponent(m.attackerId)}`} class="mono strong">{oneLine(m.ip, 40)}</Link> },
    { key: 'country', header: 'Country', render: (m) => m.country ?? '—' },
    { key: 'asn', header: 'ASN', render: (m) => (m.asn ? `AS${m.asn.replace(/^AS/i, '')}` : '—') },
    { key: 'events', header: 'Events', align: 'right', render: (m) => formatCount(m.eventCount) },
    { key: 'first', header: 'First seen', render: (m) => <span class="small">{formatDateTime(m.firstSeen)}</span> },
    { key: 'last', header: 'Last seen', render: (m) => <span class="small">{formatDateTime(m.lastSeen)}</span> },
    ...(isAdmin ? [{ key: 'split', header: '', align: 'right' as const, render: (m: Member) => <button type="button" class="btn btn-sm" onClick={() => split(m)} aria-label={`Split ${m.ip} out of this identity`}>Split out</button> }] : []),
  ];
}

const LOG_COLUMNS: Column<LogEntry>[] = [
  { key: 'ts', header: 'Time', width: '170px', render: (l) => <span class="mono small">{formatDateTime(l.ts)}</span> },
  { key: 'type', header: 'Change', width: '170px', render: (l) => <Badge tone={l.type.endsWith('merged') ? 'accent' : 'neutral'}>{l.type}</Badge> },
  { key: 'actor', header: 'By', width: '120px', render: (l) => l.actor ?? <span class="muted">clusterer</span> },
  { key: 'payload', header: 'Detail', render: (l) => <span class="mono small">{oneLine(JSON.stringify(l.payload), 160)}</span> },
];

function MergeForm({ id, onDone }: { id: string; onDone: () => void }) {
  const [other, setOther] = useState('');
  const [busy, setBusy] = useState(false);
  const [kind, setKind] = useState<'from' | 'attackerId'>('from');
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!/^[0-9a-f]{32}$/.test(other.trim())) return toast('Give a 32-character identity or attacker id', 'bad');
    setBusy(true);
    try {
      const r = await Identities.merge(id, { [kind]: other.trim() });
      toast(r.applied ? 'Merged; kept across re-clustering' : 'Merge stored; the next clustering run applies it');
      setOther('');
      onDone();
    } catch (err) {
      toast(errorLine(err), 'bad');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="inline-form" onSubmit={submit} aria-label="Merge into this identity">
      <Field label="Merge">
        <select value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as 'from' | 'attackerId')}>
          <option value="from">identity</option>
          <option value="attackerId">attacker address id</option>
        </select>
      </Field>
      <Field label="Id">
        <input class="mono" value={other} placeholder="32 hex characters" maxLength={32} onInput={(e) => setOther((e.target as HTMLInputElement).value)} />
      </Field>
      <button type="submit" class="btn btn-primary" disabled={busy}>Merge into this identity</button>
    </form>
  );
}

function Detail({ d, isAdmin, reload }: { d: IdentityDetail; isAdmin: boolean; reload: () => void }) {
  const i = d.identity;
  const [tab, setTab] = useState('members');
  const split = async (m: Member) => {
    try {
      await Identities.split(i.id, m.attackerId);
      toast(`${m.ip} split out; kept across re-clustering`);
      if (d.members.length <= 2) navigate('/identities');
      else reload();
    } catch (err) {
      toast(errorLine(err), 'bad');
    }
  };
  const tabs = [
    { key: 'members', label: `Members (${d.members.length})` },
    { key: 'evidence', label: `Evidence (${d.edges.length})` },
    { key: 'observations', label: 'Observations' },
    { key: 'techniques', label: 'ATT&CK' },
    { key: 'log', label: `Changes (${d.log.length})` },
  ];
  return (
    <>
      <PageHeader
        title={<span class="mono">identity {shortId(i.id)}</span>}
        subtitle={
          <span class="header-badges">
            <Badge tone="accent">{i.memberCount} addresses</Badge>
            {i.campaignId && <Link href={`/campaigns/${encodeURIComponent(i.campaignId)}`}>campaign {shortId(i.campaignId)}</Link>}
          </span>
        }
        actions={<IntelExport scope={{ kind: 'identity', id: i.id }} />}
      />
      <div class="grid-2">
        <Card title="Summary">
          <KeyValues
            items={[
              ['Id', <span class="mono small">{i.id}</span>],
              ['First seen', formatDateTime(i.firstSeen)],
              ['Last seen', formatDateTime(i.lastSeen)],
              ['Countries', i.countries.length ? <TagList items={i.countries} tone="info" /> : '—'],
              ['ASNs', i.asns.length ? <TagList items={i.asns} /> : '—'],
              ['Fingerprints', i.fingerprints.length ? <TagList items={i.fingerprints.map((f) => oneLine(f, 40))} max={8} /> : '—'],
            ]}
          />
        </Card>
        {isAdmin && (
          <Card title="Merge">
            <MergeForm id={i.id} onDone={reload} />
          </Card>
        )}
      </div>
      <Card flush>
        <Tabs idPrefix="identity" tabs={tabs} active={tab} onChange={setTab} />
        <TabPanel idPrefix="identity" active={tab}>
          {tab === 'members' && <Table caption="Members" columns={memberColumns(isAdmin, split)} rows={d.members} rowKey={(m) => m.attackerId} dense />}
          {tab === 'evidence' && <IdentityEvidence edges={d.edges} />}
          {tab === 'observations' && <IdentityObservationsView id={i.id} />}
          {tab === 'techniques' && <TechniqueList attackerIds={d.members.map((m) => m.attackerId)} />}
          {tab === 'log' && <Table caption="Changes" columns={LOG_COLUMNS} rows={d.log} rowKey={(l) => String(l.seq)} dense />}
        </TabPanel>
      </Card>
    </>
  );
}
