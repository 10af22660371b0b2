// Deploy, tear down and delete a topology (admins), each confirmed; the snapshot the API returns
// replaces the page's.
import type { TopologySnapshot } from '@decnet/protocol';
import { useState } from 'preact/hooks';
import { Topologies } from '../../api';
import { Icon } from '../../components/icons';
import { ConfirmModal } from '../../components/modal';
import { toast } from '../../components/toast';
import { navigate } from '../../router/router';

type Action = 'deploy' | 'teardown' | 'delete';

export function TopologyActions({ snapshot, onChanged }: { snapshot: TopologySnapshot; onChanged(s: TopologySnapshot): void }) {
  const [action, setAction] = useState<Action | null>(null);
  const s = snapshot.status;
  const canDeploy = s === 'pending' || s === 'torn_down' || s === 'failed';
  const canTeardown = s === 'deploying' || s === 'active' || s === 'degraded';
  const canDelete = s === 'pending' || s === 'torn_down';
  const run = async () => {
    if (action === 'deploy') onChanged(await Topologies.deploy(snapshot.id));
    if (action === 'teardown') onChanged(await Topologies.teardown(snapshot.id));
    if (action === 'delete') {
      await Topologies.remove(snapshot.id);
      toast(`${snapshot.name} deleted`);
      navigate('/topologies');
    }
  };
  return (
    <>
      {canDeploy && (
        <button type="button" class="btn btn-primary" onClick={() => setAction('deploy')}>
          <Icon name="rocket" size={14} /> Deploy
        </button>
      )}
      {canTeardown && (
        <button type="button" class="btn btn-danger" onClick={() => setAction('teardown')}>
          Tear down
        </button>
      )}
      {canDelete && (
        <button type="button" class="btn btn-ghost" onClick={() => setAction('delete')}>
          Delete
        </button>
      )}
      {action && (
        <ConfirmModal
          title={`${action === 'deploy' ? 'Deploy' : action === 'teardown' ? 'Tear down' : 'Delete'} ${snapshot.name}?`}
          confirmLabel={action === 'deploy' ? 'Deploy' : action === 'teardown' ? 'Tear down' : 'Delete'}
          danger={action !== 'deploy'}
          onConfirm={run}
          onClose={() => setAction(null)}
        >
          <p>
            {action === 'deploy'
              ? `The host agent creates ${snapshot.lans.length} LANs and ${snapshot.deckies.length} deckies on its next sync.`
              : action === 'teardown'
                ? 'The host agent stops every decky of this topology and removes its networks. Events already collected are kept.'
                : 'The topology and its history are removed. Events already collected are kept.'}
          </p>
        </ConfirmModal>
      )}
    </>
  );
}
