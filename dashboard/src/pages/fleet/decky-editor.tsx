// Configure one decky: its services, per-service settings, rotation interval and OS fingerprint.
import { Field } from '../../components/field';
import { useState } from 'preact/hooks';
import { Fleet } from '../../api';
import type { Decky } from '../../api/types';
import { Modal } from '../../components/modal';
import { Spinner } from '../../components/spinner';
import { toast } from '../../components/toast';
import { errorLine } from '../../format/errors';
import { configToRows, parseInterval, rowsToConfig } from './decky-edit-logic';
import { ServiceConfigEditor } from './service-config-editor';
import { ServicePicker } from './service-picker';
import { offeredServices, useCatalogue } from './use-catalogue';

export function DeckyEditor({ decky, onClose, onSaved }: { decky: Decky; onClose(): void; onSaved(): void }) {
  const { catalogue } = useCatalogue(decky.hostId ?? undefined);
  const [services, setServices] = useState<string[]>(decky.services);
  const [rows, setRows] = useState(configToRows(decky.serviceConfig));
  const [interval, setRotation] = useState(decky.mutateIntervalMin ? String(decky.mutateIntervalMin) : '');
  const [nmapOs, setNmapOs] = useState(decky.nmapOs ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // What its host can run, plus what it already has (kept visible so it can be removed).
  const all = [...new Set([...offeredServices(catalogue), ...decky.services])];

  const save = async (e: Event) => {
    e.preventDefault();
    if (!services.length) return setError('Keep at least one service.');
    const mutate = parseInterval(interval);
    if (mutate === undefined) return setError('Rotation interval: whole minutes, 1 to 525600, or empty for off.');
    const cfg = rowsToConfig(rows, services);
    if ('problem' in cfg) return setError(cfg.problem);
    setBusy(true);
    setError(null);
    try {
      await Fleet.updateDecky(decky.name, { services, serviceConfig: cfg.config, mutateIntervalMin: mutate, ...(nmapOs ? { nmapOs } : {}) });
      toast(`${decky.name} updated; the host agent applies it on its next sync`);
      onSaved();
      onClose();
    } catch (err) {
      setError(errorLine(err));
      setBusy(false);
    }
  };

  return (
    <Modal
      title={`Configure ${decky.name}`}
      wide
      onClose={onClose}
      footer={
        <>
          <button type="button" class="btn btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="decky-form" class="btn btn-primary" disabled={busy}>
            {busy && <Spinner size={14} />} Save
          </button>
        </>
      }
    >
      <form id="decky-form" class="stack" onSubmit={save}>
        <fieldset class="field">
          <legend>Services</legend>
          <ServicePicker all={all} selected={services} onChange={setServices} />
        </fieldset>
        <fieldset class="field">
          <legend>Service settings</legend>
          <ServiceConfigEditor rows={rows} services={services} onChange={setRows} />
        </fieldset>
        <div class="form-grid">
          <Field label="Rotation interval (minutes)" hint="How often the decky's services are re-rolled. Empty turns rotation off.">
            <input inputMode="numeric" value={interval} placeholder="off" onInput={(e) => setRotation(e.currentTarget.value)} />
          </Field>
          <Field label="OS fingerprint">
            <select value={nmapOs} onChange={(e) => setNmapOs(e.currentTarget.value)}>
              {!decky.nmapOs && <option value="">Default</option>}
              {catalogue.osFamilies.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Modal>
  );
}
