// Releases view (issue 19, admins): agent releases (upload a bundle in chunks, or register the
// control plane's own build; each signed by the CA key), push one to a host, a site or every host,
// and follow each host's update (pending, downloading, switching, healthy, rolled back or failed
// with the reason) with a Roll back button. Every value is rendered as text.
import { useState } from 'preact/hooks';
import { errorFromResponse } from '../../api/client';
import { releaseApi, sha256Hex, type HostUpdateView, type ReleaseView } from '../../api/release-api';
import { api, auth } from '../../auth/session';
import { AsyncView } from '../../components/async-view';
import { Badge } from '../../components/badge';
import { Card } from '../../components/card';
import { EmptyState } from '../../components/empty-state';
import { PageHeader } from '../../components/page-header';
import { Table, type Column } from '../../components/table';
import { toast } from '../../components/toast';
import { errorLine } from '../../format/errors';
import { formatBytes } from '../../format/number';
import { formatDateTime, formatRelative } from '../../format/time';
import { useAsync } from '../../hooks/use-async';
import { useInterval } from '../../hooks/use-interval';
import { useNow } from '../../hooks/use-now';
import { canRollBack, PHASE_TONE, versionFromFileName } from './releases-logic';

const Releases = releaseApi(api, async (path, bytes) => {
  const res = await fetch(`/api/v1${path}`, { method: 'PUT', headers: { authorization: `Bearer ${auth.get().session?.token ?? ''}`, 'content-type': 'application/octet-stream' }, body: bytes });
  if (!res.ok) throw errorFromResponse(res.status, res.statusText, res.headers, await res.text().catch(() => ''));
});

type Scope = 'host' | 'site' | 'all';

export function ReleasesPage() {
  const state = useAsync(async () => {
    const [releases, hosts] = await Promise.all([Releases.list(), Releases.hosts()]);
    return { releases: releases.items, hosts: hosts.items };
  }, []);
  const now = useNow(5000);
  useInterval(state.reload, 3000);
  const [busy, setBusy] = useState('');
  const run = async (label: string, f: () => Promise<string>) => {
    if (busy) return;
    setBusy(label);
    try {
      toast(await f());
      state.reload();
    } catch (err) {
      toast(errorLine(err), 'bad');
    } finally {
      setBusy('');
    }
  };
  return (
    <>
      <PageHeader title="Releases" subtitle="Agent bundles signed by this control plane's CA. A pushed version is downloaded over mutual TLS, verified, switched to and health-checked by each agent; one that is not healthy in time is rolled back automatically." />
      {busy && <p class="small muted" role="status">{busy}</p>}
      <AsyncView state={state}>
        {({ releases, hosts }) => (
          <>
            <UploadCard run={run} setBusy={setBusy} />
            <Card flush title="Releases">
              <Table caption="Agent releases" columns={releaseColumns(now, run)} rows={releases} rowKey={(r) => r.version} empty={<EmptyState icon="inbox" title="No releases yet">Upload a bundle or register the built one.</EmptyState>} />
            </Card>
            <PushCard releases={releases.filter((r) => r.status === 'ready')} hosts={hosts} run={run} />
            <Card flush title="Hosts">
              <Table caption="Update status per host" columns={hostColumns(now, run)} rows={hosts} rowKey={(h) => h.hostId} empty={<EmptyState icon="hosts" title="No active hosts" />} />
            </Card>
          </>
        )}
      </AsyncView>
    </>
  );
}

type Run = (label: string, f: () => Promise<string>) => Promise<void>;

const releaseColumns = (now: number, run: Run): Column<ReleaseView>[] => [
  { key: 'version', header: 'Version', sortValue: (r) => r.version, render: (r) => <span class="mono">{r.version}</span> },
  { key: 'status', header: 'Status', render: (r) => <Badge tone={r.status === 'ready' ? 'ok' : 'warn'}>{r.status === 'ready' ? 'signed' : `uploading ${r.chunksReceived}/${r.chunkCount}`}</Badge> },
  { key: 'size', header: 'Size', sortValue: (r) => r.size, render: (r) => formatBytes(r.size) },
  { key: 'sha', header: 'SHA-256', render: (r) => <span class="mono small" title={r.sha256}>{r.sha256.slice(0, 16)}…</span> },
  { key: 'hosts', header: 'Hosts on it', sortValue: (r) => r.hostsRunning, render: (r) => String(r.hostsRunning) },
  { key: 'created', header: 'Created', sortValue: (r) => r.createdAt, render: (r) => <span title={formatDateTime(r.createdAt)}>{formatRelative(r.createdAt, now)}</span> },
  { key: 'notes', header: 'Notes', render: (r) => <span class="small">{r.notes ?? ''}</span> },
  {
    key: 'actions', header: <span class="sr-only">Actions</span>, align: 'right',
    render: (r) => (
      <button type="button" class="btn btn-sm btn-danger-ghost" aria-label={`Delete release ${r.version}`} onClick={() => confirm(`Delete release ${r.version}?`) && void run(`Deleting ${r.version}…`, async () => (await Releases.remove(r.version), `Release ${r.version} deleted`))}>
        Delete
      </button>
    ),
  },
];

const hostColumns = (now: number, run: Run): Column<HostUpdateView>[] => [
  { key: 'host', header: 'Host', sortValue: (h) => h.hostName, render: (h) => <span>{h.hostName}{h.site && <span class="small muted"> · {h.site}</span>}</span> },
  { key: 'running', header: 'Running', render: (h) => <span class="mono">{h.runningVersion ?? '—'}</span> },
  { key: 'target', header: 'Target', render: (h) => <span class="mono">{h.targetVersion ?? '—'}</span> },
  { key: 'phase', header: 'Update', sortValue: (h) => h.phase ?? '', render: (h) => (h.phase ? <Badge tone={PHASE_TONE[h.phase]} dot>{h.phase.replace('_', ' ')}</Badge> : <span class="muted">—</span>) },
  { key: 'reason', header: 'Reason', render: (h) => <span class="small" title={h.reason ?? ''}>{(h.reason ?? '').slice(0, 200)}</span> },
  { key: 'updated', header: 'Updated', render: (h) => (h.updatedAt ? <span title={formatDateTime(h.updatedAt)}>{formatRelative(h.updatedAt, now)}</span> : <span class="muted">—</span>) },
  {
    key: 'actions', header: <span class="sr-only">Actions</span>, align: 'right',
    render: (h) =>
      canRollBack(h) ? (
        <button type="button" class="btn btn-sm" aria-label={`Roll back ${h.hostName} to ${h.previousVersion}`} onClick={() => confirm(`Roll ${h.hostName} back to ${h.previousVersion}?`) && void run(`Rolling back ${h.hostName}…`, async () => (await Releases.rollback(h.hostId), `${h.hostName} goes back to ${h.previousVersion}`))}>
          Roll back to {h.previousVersion}
        </button>
      ) : null,
  },
];

function UploadCard({ run, setBusy }: { run: Run; setBusy(s: string): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [version, setVersion] = useState('');
  const upload = (e: Event) => {
    e.preventDefault();
    if (!file || !version) return toast('Pick a bundle (.tar.gz from `npm run agent:bundle`) and its version', 'bad');
    void run(`Uploading ${version}…`, async () => {
      const sha = await sha256Hex(file);
      await Releases.upload(version, file, sha, (f) => setBusy(`Uploading ${version}: ${Math.round(f * 100)} %`));
      return `Release ${version} uploaded, checked and signed`;
    });
  };
  return (
    <Card title="Add a release">
      <form class="row-actions" onSubmit={upload}>
        <input type="file" accept=".tar.gz,.tgz,application/gzip" aria-label="Agent bundle" onChange={(e) => { const f = e.currentTarget.files?.[0] ?? null; setFile(f); if (f && !version) setVersion(versionFromFileName(f.name)); }} />
        <input class="input-sm" placeholder="version" aria-label="Version" value={version} onInput={(e) => setVersion(e.currentTarget.value)} style={{ width: '10rem' }} />
        <button type="submit" class="btn btn-sm">Upload and sign</button>
        <button type="button" class="btn btn-sm" onClick={() => void run('Registering the built bundle…', async () => `Release ${(await Releases.fromBuild()).version} registered from this control plane's build`)}>
          Register the built bundle
        </button>
      </form>
    </Card>
  );
}

function PushCard({ releases, hosts, run }: { releases: ReleaseView[]; hosts: HostUpdateView[]; run: Run }) {
  const [version, setVersion] = useState('');
  const [scope, setScope] = useState<Scope>('host');
  const [target, setTarget] = useState('');
  const sites = [...new Set(hosts.map((h) => h.site).filter((s): s is string => !!s))].sort();
  const push = (e: Event) => {
    e.preventDefault();
    const v = version || releases[0]?.version;
    if (!v) return toast('No signed release to push', 'bad');
    const t = scope === 'all' ? { scope } : scope === 'site' ? { scope, site: target || sites[0] || '' } : { scope, hostId: target || hosts[0]?.hostId || '' };
    if (scope !== 'all' && !('site' in t ? t.site : t.hostId)) return toast(`Pick a ${scope}`, 'bad');
    if (scope === 'all' && !confirm(`Push ${v} to every active host?`)) return;
    void run(`Pushing ${v}…`, async () => `${v} pushed to ${(await Releases.push({ version: v, target: t as never })).hosts.length} host(s)`);
  };
  return (
    <Card title="Push a release">
      <form class="row-actions" onSubmit={push}>
        <select class="input-sm" aria-label="Release" value={version} onChange={(e) => setVersion(e.currentTarget.value)}>
          {releases.map((r) => <option value={r.version}>{r.version}</option>)}
        </select>
        <select class="input-sm" aria-label="Push to" value={scope} onChange={(e) => { setScope(e.currentTarget.value as Scope); setTarget(''); }}>
          <option value="host">one host</option>
          <option value="site">a site</option>
          <option value="all">all hosts</option>
        </select>
        {scope === 'host' && (
          <select class="input-sm" aria-label="Host" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
            {hosts.map((h) => <option value={h.hostId}>{h.hostName}</option>)}
          </select>
        )}
        {scope === 'site' && (
          <select class="input-sm" aria-label="Site" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
            {sites.map((s) => <option value={s}>{s}</option>)}
          </select>
        )}
        <button type="submit" class="btn btn-sm">Push</button>
      </form>
    </Card>
  );
}
