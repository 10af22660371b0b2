// Plant an existing token on a decky at one of its generator's plausible paths (or another).
import { useState } from 'preact/hooks';
import { Canaries, type CanaryToken } from '../../api/canary-api';
import type { Decky } from '../../api/types';
import { Modal } from '../../components/modal';
import { Spinner } from '../../components/spinner';
import { errorLine } from '../../format/errors';
import { PlantFields } from './plant-fields';

export function PlantModal({ token, deckies, paths, onClose, onPlanted }: { token: CanaryToken; deckies: readonly Decky[]; paths: readonly string[]; onClose(): void; onPlanted(): void }) {
  const [decky, setDecky] = useState(deckies[0]?.name ?? '');
  const [path, setPath] = useState(paths[0] ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await Canaries.plant(token.id, { decky, ...(path.trim() ? { path: path.trim() } : {}) });
      onPlanted();
      onClose();
    } catch (err) {
      setError(errorLine(err));
      setBusy(false);
    }
  };
  const footer = (
    <>
      <button type="button" class="btn btn-ghost" onClick={onClose}>Cancel</button>
      <button type="submit" form="plant-form" class="btn btn-primary" disabled={busy || !decky}>
        {busy && <Spinner size={14} />} Plant
      </button>
    </>
  );
  return (
    <Modal title={`Plant ${token.fileName}`} onClose={onClose} footer={footer}>
      <form id="plant-form" class="stack" onSubmit={submit}>
        {deckies.length === 0 ? <p class="muted">No deckies yet: deploy one on the Fleet page first.</p> : <PlantFields deckies={deckies} decky={decky} path={path} paths={paths} onDecky={setDecky} onPath={setPath} />}
        <p class="muted small">The decky's agent picks the file up at its next desired-state sync.</p>
        {error && <p class="form-error" role="alert">{error}</p>}
      </form>
    </Modal>
  );
}
