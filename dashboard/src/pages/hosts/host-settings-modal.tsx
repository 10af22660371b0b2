// A host's fleet settings (issue 19): its site label (hosts are grouped and lists filtered by it),
// deployment limit (max deckies; more are refused) and rotation-interval override. Empty clears one.
import { useState } from 'preact/hooks';
import { FleetControl } from '../../api';
import type { Host } from '../../api/types';
import { Field } from '../../components/field';
import { Modal } from '../../components/modal';
import { Spinner } from '../../components/spinner';
import { errorLine } from '../../format/errors';

const SITE_RE = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;

/** '' -> null, else a whole number >= min, else an error message. */
export function parseOptionalInt(v: string, min: number, what: string): number | null | string {
  if (v.trim() === '') return null;
  const n = Number(v);
  return Number.isInteger(n) && n >= min ? n : `${what}: a whole number (${min} or more), or empty`;
}

export function HostSettingsModal({ host, onClose, onDone }: { host: Host; onClose(): void; onDone(): void }) {
  const [site, setSite] = useState(host.site ?? '');
  const [max, setMax] = useState(host.maxDeckies == null ? '' : String(host.maxDeckies));
  const [rotation, setRotation] = useState(host.rotationIntervalMin == null ? '' : String(host.rotationIntervalMin));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const s = site.trim();
    if (s && !SITE_RE.test(s)) return setError('Site: letters, digits, space, . _ - (up to 64), starting with a letter or digit.');
    const maxDeckies = parseOptionalInt(max, 0, 'Max deckies');
    const rotationIntervalMin = parseOptionalInt(rotation, 1, 'Rotation');
    for (const v of [maxDeckies, rotationIntervalMin]) if (typeof v === 'string') return setError(v);
    setBusy(true);
    try {
      await FleetControl.hostSettings(host.id, { site: s || null, maxDeckies: maxDeckies as number | null, rotationIntervalMin: rotationIntervalMin as number | null });
      onDone();
      onClose();
    } catch (err) {
      setError(errorLine(err));
      setBusy(false);
    }
  };
  return (
    <Modal
      title={`Settings of ${host.name}`}
      onClose={onClose}
      footer={
        <>
          <button type="button" class="btn btn-ghost" onClick={onClose}>Cancel</button>
          <button type="submit" form="host-settings-form" class="btn btn-primary" disabled={busy}>
            {busy && <Spinner size={14} />} Save
          </button>
        </>
      }
    >
      <form id="host-settings-form" class="stack" onSubmit={submit}>
        <Field label="Site">
          <input value={site} maxLength={64} placeholder="no site" onInput={(e) => setSite(e.currentTarget.value)} autoFocus />
        </Field>
        <Field label="Deployment limit (max deckies)">
          <input type="number" min={0} value={max} placeholder="no limit" onInput={(e) => setMax(e.currentTarget.value)} />
        </Field>
        <Field label="Rotation interval for its deckies (minutes)">
          <input type="number" min={1} value={rotation} placeholder="fleet default" onInput={(e) => setRotation(e.currentTarget.value)} />
        </Field>
        {error && <p class="form-error" role="alert">{error}</p>}
      </form>
    </Modal>
  );
}
