// Deploy dialog: archetype form or INI text, a target host, then live progress of the deckies.
import { Field } from '../../components/field';
import { useState } from 'preact/hooks';
import { Fleet } from '../../api';
import type { DeployResult, Host } from '../../api/types';
import { Modal } from '../../components/modal';
import { Spinner } from '../../components/spinner';
import { TabPanel, Tabs } from '../../components/tabs';
import { errorLine } from '../../format/errors';
import { ApiError } from '../../api/client';
import { Link } from '../../router/router';
import { ArchetypeForm, EMPTY_FORM } from './archetype-form';
import { formProblem, formToIni, type DeployForm } from './deploy-logic';
import { DeployProgress } from './deploy-progress';
import { IniForm } from './ini-form';
import { useCatalogue } from './use-catalogue';

export function DeployModal({ hosts, onClose, onDeployed }: { hosts: Host[]; onClose(): void; onDeployed(): void }) {
  const usable = hosts.filter((h) => h.status !== 'decommissioned' && h.status !== 'pending');
  const [mode, setMode] = useState('form');
  const [form, setForm] = useState<DeployForm>(EMPTY_FORM);
  const [ini, setIni] = useState('');
  const [replace, setReplace] = useState(false);
  const [hostId, setHostId] = useState(usable[0]?.id ?? '');
  const { catalogue, loading, error: catalogueError } = useCatalogue(hostId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; line?: number } | null>(null);
  const [result, setResult] = useState<DeployResult | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    const problem = mode === 'form' ? formProblem(form) : ini.trim() ? null : 'Paste an INI configuration.';
    if (problem) return setError({ text: problem });
    setBusy(true);
    setError(null);
    try {
      const res = await Fleet.deployIni(mode === 'form' ? formToIni(form) : ini, hostId || undefined, mode === 'ini' && replace);
      setResult(res);
      onDeployed();
    } catch (err) {
      const line = err instanceof ApiError ? (err.details as { line?: number } | undefined)?.line : undefined;
      setError({ text: errorLine(err), line: mode === 'ini' ? line : undefined });
    } finally {
      setBusy(false);
    }
  };

  if (result) return <DeployProgress result={result} onClose={onClose} />;

  return (
    <Modal
      title="Deploy deckies"
      wide
      onClose={onClose}
      footer={
        <>
          <button type="button" class="btn btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="deploy-form" class="btn btn-primary" disabled={busy || usable.length === 0}>
            {busy && <Spinner size={14} />} Deploy
          </button>
        </>
      }
    >
      <form id="deploy-form" class="stack" onSubmit={submit}>
        {usable.length === 0 ? (
          <p class="notice">
            No active host to deploy on. <Link href="/hosts">Enroll a host</Link> first.
          </p>
        ) : (
          <Field label="Host">
            <select value={hostId} onChange={(e) => setHostId(e.currentTarget.value)}>
              {usable.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name} ({h.status})
                </option>
              ))}
            </select>
          </Field>
        )}
        <Tabs
          idPrefix="deploy"
          tabs={[
            { key: 'form', label: 'From archetype' },
            { key: 'ini', label: 'INI configuration' },
          ]}
          active={mode}
          onChange={(m) => {
            setMode(m);
            setError(null);
          }}
        />
        <TabPanel idPrefix="deploy" active={mode}>
          {mode === 'form' ? (
            loading ? (
              <Spinner size={16} />
            ) : catalogueError ? (
              <p class="form-error" role="alert">
                Could not load what this host can run: {errorLine(catalogueError)}
              </p>
            ) : (
              <ArchetypeForm form={form} onChange={setForm} catalogue={catalogue} />
            )
          ) : (
            <IniForm text={ini} onText={setIni} replaceFleet={replace} onReplace={setReplace} errorLine={error?.line} />
          )}
        </TabPanel>
        {error && (
          <p class="form-error" role="alert">
            {error.text}
          </p>
        )}
      </form>
    </Modal>
  );
}
