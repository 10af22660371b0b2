// Rename a host (display name only; its certificate identity does not change).
import { Field } from '../../components/field';
import { useState } from 'preact/hooks';
import { Fleet } from '../../api';
import type { Host } from '../../api/types';
import { Modal } from '../../components/modal';
import { Spinner } from '../../components/spinner';
import { errorLine } from '../../format/errors';

export function RenameModal({ host, onClose, onDone }: { host: Host; onClose(): void; onDone(): void }) {
  const [name, setName] = useState(host.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      await Fleet.renameHost(host.id, name.trim());
      onDone();
      onClose();
    } catch (err) {
      setError(errorLine(err));
      setBusy(false);
    }
  };
  return (
    <Modal
      title={`Rename ${host.name}`}
      onClose={onClose}
      footer={
        <>
          <button type="button" class="btn btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="rename-form" class="btn btn-primary" disabled={busy || !name.trim()}>
            {busy && <Spinner size={14} />} Save
          </button>
        </>
      }
    >
      <form id="rename-form" class="stack" onSubmit={submit}>
        <Field label="Name">
          <input value={name} maxLength={63} onInput={(e) => setName(e.currentTarget.value)} autoFocus />
        </Field>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Modal>
  );
}
