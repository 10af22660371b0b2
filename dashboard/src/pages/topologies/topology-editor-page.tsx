// One topology: the canvas (pan, zoom, drag, select) with live decky colours from the topology's
// stream, an inspector for the selected LAN or decky, and the staged-change bar (undo, discard,
// "Apply (N changes)"), and the history (mutations, status events) below. Viewers see it read-only.
import { useMemo, useRef, useState } from 'preact/hooks';
import { Badge, StateBadge } from '../../components/badge';
import { ErrorState } from '../../components/error-state';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { LoadingBlock } from '../../components/spinner';
import { toast } from '../../components/toast';
import { Link } from '../../router/router';
import { useCatalogueFor } from './use-topology-catalogue';
import { AddLanDialog } from './add-lan-dialog';
import { ApplyDialog } from './apply-dialog';
import { DeckyInspector } from './decky-inspector';
import { deckyId, graphElements, lanId, needsLayout, parseNodeId } from './graph-logic';
import { LanInspector } from './lan-inspector';
import { bodyOf, STATUS_TONES } from './snapshot-logic';
import { TopologyActions } from './topology-actions';
import { TopologyCanvas } from './topology-canvas';
import { TopologyHistory } from './topology-history';
import { useTopologyEditor } from './use-topology-editor';

export function TopologyEditorPage({ id, isAdmin }: { id: string; isAdmin: boolean }) {
  const ed = useTopologyEditor(id);
  const [selected, setSelected] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'apply' | 'lan' | null>(null);
  const catalogue = useCatalogueFor(ed.base?.hostId);
  const baseBody = useMemo(() => (ed.base ? bodyOf(ed.base) : null), [ed.base]);
  const reported = useMemo(() => Object.fromEntries((ed.latest?.deckies ?? []).map((d) => [d.name, d.reported?.state])), [ed.latest]);
  const preview = ed.preview?.body ?? null;
  const elements = useMemo(() => (preview && baseBody ? graphElements(preview, baseBody, reported) : []), [preview, baseBody, reported]);
  /** Decided once, from the first body: a never-laid-out topology (blank, INI) gets an automatic layout. */
  const autoLayout = useRef<boolean | null>(null);

  if (ed.loadError !== undefined && !ed.latest) return <ErrorState error={ed.loadError} />;
  if (!ed.latest || !ed.base || !preview || !baseBody) return <LoadingBlock />;
  autoLayout.current ??= needsLayout(baseBody);
  const latest = ed.latest;
  const editable = isAdmin && latest.status !== 'tearing_down';
  const n = ed.staged.ops.length;
  const sel = selected ? parseNodeId(selected) : null;
  const selLan = sel?.kind === 'lan' ? preview.lans.find((l) => l.name === sel.name) : undefined;
  const selDecky = sel?.kind === 'decky' ? preview.deckies.find((d) => d.name === sel.name) : undefined;
  const stagedLans = new Set(preview.lans.filter((l) => !baseBody.lans.some((b) => b.name === l.name)).map((l) => l.name));
  const onMove = (nodeId: string, pos: { x: number; y: number }) => {
    const node = parseNodeId(nodeId);
    if (!node || !editable) return;
    ed.stage(node.kind === 'lan' ? { op: 'update_lan', lan: node.name, patch: { pos } } : { op: 'update_decky', decky: node.name, patch: { pos } });
  };

  return (
    <>
      <PageHeader
        title={
          <span class="host-title">
            <Link href="/topologies">Topologies</Link> / <span class="mono">{latest.name}</span>
          </span>
        }
        subtitle={
          <span class="topology-meta" aria-label="Topology status">
            <StateBadge state={latest.status} /> <Badge tone={STATUS_TONES[latest.status]}>version {latest.version}</Badge>{' '}
            <span class="muted small">
              agent applied {latest.appliedVersion ?? '—'} · {latest.lans.length} LANs · {latest.deckies.length} deckies · stream {ed.streamStatus}
            </span>
          </span>
        }
        actions={isAdmin && <TopologyActions snapshot={latest} onChanged={ed.setLatest} />}
      />
      {latest.isolated === false && (
        <p class="notice notice-warn" role="note">
          This topology runs on the local runtime: each LAN is its own loopback range, so LANs are not isolated from each other or from the host.
        </p>
      )}
      {latest.statusReason && (latest.status === 'degraded' || latest.status === 'failed') && <p class="notice notice-bad">{latest.statusReason}</p>}
      {n > 0 && latest.version > ed.staged.baseVersion && (
        <p class="notice notice-warn" role="alert">
          Someone else changed this topology (now version {latest.version}); your {n} staged change{n === 1 ? ' was' : 's were'} made on version {ed.staged.baseVersion}.
        </p>
      )}
      {editable && (
        <div class="staged-bar" role="toolbar" aria-label="Staged changes">
          <span class={n ? 'staged-count' : 'muted'}>{n ? `${n} staged change${n === 1 ? '' : 's'}` : 'No staged changes'}</span>
          <button type="button" class="btn btn-sm" onClick={() => setDialog('lan')}>
            <Icon name="plus" size={14} /> Add LAN
          </button>
          <button type="button" class="btn btn-sm btn-ghost" disabled={!n} onClick={ed.undo}>
            Undo
          </button>
          <button type="button" class="btn btn-sm btn-ghost" disabled={!n} onClick={ed.discard}>
            Discard
          </button>
          <button type="button" class="btn btn-sm btn-primary" disabled={!n} onClick={() => setDialog('apply')}>
            Apply ({n} change{n === 1 ? '' : 's'})
          </button>
        </div>
      )}
      <div class="topology-layout">
        <div class="topology-main">
          <TopologyCanvas elements={elements} selected={selected} autoLayout={autoLayout.current} editable={editable} onSelect={setSelected} onMove={onMove} label={`Canvas of ${latest.name}`} />
          <nav class="object-list" aria-label="LANs and deckies">
            {preview.lans.map((l) => (
              <button key={l.name} type="button" class={`chip-check${selected === lanId(l.name) ? ' on' : ''}`} onClick={() => setSelected(lanId(l.name))}>
                LAN {l.name}
              </button>
            ))}
            {preview.deckies.map((d) => (
              <button key={d.name} type="button" class={`chip-check${selected === deckyId(d.name) ? ' on' : ''}`} onClick={() => setSelected(deckyId(d.name))}>
                {d.name}
              </button>
            ))}
          </nav>
        </div>
        <aside class="topology-inspector" aria-label="Inspector">
          {selLan && (
            <LanInspector topologyId={id} lan={selLan} body={preview} lanStaged={stagedLans.has(selLan.name)} live={ed.live} editable={editable} catalogue={catalogue} stage={ed.stage} onSelect={setSelected} />
          )}
          {selDecky && (
            <DeckyInspector
              topologyId={id}
              decky={selDecky}
              reported={latest.deckies.find((d) => d.name === selDecky.name)?.reported ?? null}
              preview={preview}
              stagedLans={stagedLans}
              live={ed.live}
              catalogue={catalogue}
              editable={editable}
              stage={ed.stage}
            />
          )}
          {!selLan && !selDecky && <p class="muted">Select a LAN or a decky on the canvas (or in the list below it) to inspect and edit it. Drag nodes to move them.</p>}
        </aside>
      </div>
      <TopologyHistory snapshot={latest} />
      {dialog === 'lan' && <AddLanDialog topologyId={id} preview={preview} stage={ed.stage} onClose={() => setDialog(null)} />}
      {dialog === 'apply' && (
        <ApplyDialog
          base={baseBody}
          ops={ed.staged.ops}
          version={ed.staged.baseVersion}
          live={ed.live}
          onApply={async () => {
            const out = await ed.apply();
            if (out.ok) toast(`Applied: now version ${out.version}; the host agent realises it on its next sync`);
            return out;
          }}
          onReload={ed.reload}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
