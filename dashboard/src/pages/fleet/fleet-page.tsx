// Fleet: every host with its deckies and their live state (polled every 5 s); admins deploy,
// configure, tear down, and reset a high-interaction decky to its image (a fleet command).
import { useState } from 'preact/hooks';
import { Fleet, FleetControl } from '../../api';
import type { Decky, Host } from '../../api/types';
import { AsyncView } from '../../components/async-view';
import { StateBadge } from '../../components/badge';
import { Card } from '../../components/card';
import { EmptyState } from '../../components/empty-state';
import { Icon } from '../../components/icons';
import { ConfirmModal } from '../../components/modal';
import { PageHeader } from '../../components/page-header';
import { toast } from '../../components/toast';
import { useAsync } from '../../hooks/use-async';
import { useInterval } from '../../hooks/use-interval';
import { useNow } from '../../hooks/use-now';
import { Link } from '../../router/router';
import { DeckyEditor } from './decky-editor';
import { DeckyTable } from './decky-table';
import { DeployModal } from './deploy-modal';
import { FleetSummary } from './fleet-summary';
import { RealismModal } from './realism-modal';
import { useCatalogue } from './use-catalogue';

type Dialog = { kind: 'deploy' } | { kind: 'edit'; decky: Decky } | { kind: 'teardown'; decky: Decky } | { kind: 'reset'; decky: Decky } | { kind: 'realism'; decky: Decky } | null;

export function FleetPage({ isAdmin }: { isAdmin: boolean }) {
  const state = useAsync(async () => {
    const [hosts, deckies] = await Promise.all([Fleet.hosts(), Fleet.deckies()]);
    return { hosts: hosts.items, deckies: deckies.items };
  }, []);
  const { catalogue } = useCatalogue();
  const now = useNow(5000);
  const [dialog, setDialog] = useState<Dialog>(null);
  useInterval(state.reload, 5000);

  return (
    <>
      <PageHeader
        title="Fleet"
        subtitle="Decoy machines per sensor host, with the state their agent reports."
        actions={
          isAdmin && (
            <button type="button" class="btn btn-primary" onClick={() => setDialog({ kind: 'deploy' })} disabled={!state.data}>
              <Icon name="rocket" size={14} /> Deploy deckies
            </button>
          )
        }
      />
      <AsyncView state={state}>
        {({ hosts, deckies }) => (
          <>
            <FleetSummary hosts={hosts} deckies={deckies} />
            {groups(hosts, deckies).map(({ host, items }) => (
              <Card
                key={host?.id ?? 'none'}
                flush
                title={
                  <span class="host-title">
                    <Icon name="hosts" size={16} /> {host ? host.name : 'Unassigned'}
                    {host && <StateBadge state={host.status} />}
                  </span>
                }
                actions={<span class="muted small">{items.length} deck{items.length === 1 ? 'y' : 'ies'}</span>}
              >
                {items.length ? (
                  <DeckyTable deckies={items} catalogue={catalogue} isAdmin={isAdmin} now={now} onEdit={(d) => setDialog({ kind: 'edit', decky: d })} onTeardown={(d) => setDialog({ kind: 'teardown', decky: d })} onReset={(d) => setDialog({ kind: 'reset', decky: d })} onRealism={(d) => setDialog({ kind: 'realism', decky: d })} />
                ) : (
                  <EmptyState icon="fleet" title="No deckies on this host">
                    {isAdmin ? 'Use “Deploy deckies” to put decoys on it.' : 'An administrator can deploy decoys here.'}
                  </EmptyState>
                )}
              </Card>
            ))}
            {hosts.length === 0 && deckies.length === 0 && (
              <EmptyState icon="hosts" title="No sensor hosts yet">
                Deckies run on enrolled hosts. <Link href="/hosts">Enroll the first host</Link>.
              </EmptyState>
            )}
            {dialog?.kind === 'deploy' && <DeployModal hosts={hosts} onClose={() => setDialog(null)} onDeployed={state.reload} />}
          </>
        )}
      </AsyncView>
      {dialog?.kind === 'realism' && <RealismModal decky={dialog.decky.name} isAdmin={isAdmin} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && <DeckyEditor decky={dialog.decky} onClose={() => setDialog(null)} onSaved={state.reload} />}
      {dialog?.kind === 'teardown' && (
        <ConfirmModal
          title={`Tear down ${dialog.decky.name}?`}
          confirmLabel="Tear down"
          danger
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await Fleet.removeDecky(dialog.decky.name);
            toast(`${dialog.decky.name} is being torn down`);
            state.reload();
          }}
        >
          <p>The host agent stops its services and removes its containers. Events already collected are kept.</p>
        </ConfirmModal>
      )}
      {dialog?.kind === 'reset' && dialog.decky.hostId && (
        <ConfirmModal
          title={`Reset ${dialog.decky.name} to its image?`}
          confirmLabel="Reset"
          danger
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await FleetControl.command(dialog.decky.hostId!, { kind: 'reset_decky', decky: dialog.decky.name });
            toast(`Reset of ${dialog.decky.name} sent to its host's agent (see Workers → Recent commands)`);
          }}
        >
          <p>Its high-interaction container is stopped (open sessions end and are saved as recordings) and created again from the image. Captured files and host keys are kept.</p>
        </ConfirmModal>
      )}
    </>
  );
}

function groups(hosts: Host[], deckies: Decky[]): { host: Host | null; items: Decky[] }[] {
  const out: { host: Host | null; items: Decky[] }[] = hosts
    .filter((h) => h.status !== 'decommissioned' || deckies.some((d) => d.hostId === h.id))
    .map((h) => ({ host: h, items: deckies.filter((d) => d.hostId === h.id) }));
  const known = new Set(hosts.map((h) => h.id));
  const orphans = deckies.filter((d) => !d.hostId || !known.has(d.hostId));
  if (orphans.length) out.push({ host: null, items: orphans });
  return out;
}
