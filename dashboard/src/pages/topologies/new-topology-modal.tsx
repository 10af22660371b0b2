// "New topology": generated (parameters, then a preview on a canvas before creating), blank (one
// empty DMZ LAN), or from DECNET INI text (a one-LAN topology). Opens the editor when created.
import type { TopologyIssue, TopologyPreview } from '@decnet/protocol';
import { useState } from 'preact/hooks';
import { Topologies } from '../../api';
import type { Host } from '../../api/types';
import { Field } from '../../components/field';
import { Modal } from '../../components/modal';
import { Spinner } from '../../components/spinner';
import { TabPanel, Tabs } from '../../components/tabs';
import { errorLine } from '../../format/errors';
import { navigate } from '../../router/router';
import { GenerateFields, GeneratePreview } from './generate-form';
import { IssueList, issuesOf } from './issue-list';
import { DEFAULT_GENERATE, paramsOf, topologyNameProblem, type GenerateForm } from './new-topology-logic';

export function NewTopologyModal({ hosts, onClose }: { hosts: Host[]; onClose(): void }) {
  const usable = hosts.filter((h) => h.status !== 'decommissioned' && h.status !== 'pending');
  const [mode, setMode] = useState('generate');
  const [name, setName] = useState('');
  const [hostId, setHostId] = useState(usable[0]?.id ?? '');
  const [form, setForm] = useState<GenerateForm>(DEFAULT_GENERATE);
  const [preview, setPreview] = useState<TopologyPreview | null>(null);
  const [blankSubnet, setBlankSubnet] = useState('10.100.0.0/24');
  /** Empty: the INI's [general] net, else the next free subnet (the server picks). */
  const [iniSubnet, setIniSubnet] = useState('');
  const [ini, setIni] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<TopologyIssue[] | null>(null);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setIssues(null);
    try {
      await fn();
    } catch (err) {
      setIssues(issuesOf(err));
      setError(errorLine(err));
    } finally {
      setBusy(false);
    }
  };
  const doPreview = () => {
    const p = paramsOf(name, hostId, form);
    if ('problem' in p) return setError(p.problem);
    void run(async () => setPreview(await Topologies.preview(p.params)));
  };
  const create = (e: Event) => {
    e.preventDefault();
    const problem = topologyNameProblem(name.trim()) ?? (hostId ? null : 'Pick a host.');
    if (problem) return setError(problem);
    void run(async () => {
      let id: string;
      if (mode === 'generate') {
        const p = paramsOf(name, hostId, form);
        if ('problem' in p) throw new Error(p.problem);
        id = (await Topologies.generate(p.params)).id;
      } else if (mode === 'blank') {
        id = (await Topologies.create({ name: name.trim(), hostId, lans: [{ name: 'dmz', subnet: blankSubnet.trim(), dmz: true, pos: { x: 0, y: 0 } }], deckies: [] })).id;
      } else {
        if (!ini.trim()) throw new Error('Paste an INI configuration.');
        id = (await Topologies.importIni({ name: name.trim(), hostId, iniContent: ini, ...(iniSubnet.trim() ? { subnet: iniSubnet.trim() } : {}) })).topology.id;
      }
      onClose();
      navigate(`/topologies/${encodeURIComponent(id)}`);
    });
  };

  return (
    <Modal
      title="New topology"
      wide
      onClose={onClose}
      footer={
        <>
          <button type="button" class="btn btn-ghost" onClick={onClose}>
            Cancel
          </button>
          {mode === 'generate' && (
            <button type="button" class="btn" disabled={busy} onClick={doPreview}>
              Preview
            </button>
          )}
          <button type="submit" form="new-topology-form" class="btn btn-primary" disabled={busy || !usable.length}>
            {busy && <Spinner size={14} />} Create
          </button>
        </>
      }
    >
      <form id="new-topology-form" class="stack" onSubmit={create}>
        <div class="form-grid">
          <Field label="Topology name" hint="lower-case letters, digits and -">
            <input class="mono" maxLength={24} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </Field>
          <Field label="Host">
            <select value={hostId} onChange={(e) => setHostId(e.currentTarget.value)}>
              {usable.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name} ({h.status})
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Tabs
          idPrefix="new-topology"
          tabs={[
            { key: 'generate', label: 'Generate' },
            { key: 'blank', label: 'Blank' },
            { key: 'ini', label: 'From INI' },
          ]}
          active={mode}
          onChange={(m) => {
            setMode(m);
            setError(null);
          }}
        />
        <TabPanel idPrefix="new-topology" active={mode}>
          {mode === 'generate' && (
            <div class="stack">
              <GenerateFields form={form} onChange={(f) => (setForm(f), setPreview(null))} />
              {preview && <GeneratePreview preview={preview} />}
            </div>
          )}
          {mode !== 'generate' && (
            <Field label={mode === 'blank' ? 'DMZ subnet' : 'LAN subnet (optional)'} hint={mode === 'ini' ? 'Default: the INI’s [general] net, else the next free /24' : 'The one LAN it starts with'}>
              <input
                class="mono"
                maxLength={18}
                value={mode === 'blank' ? blankSubnet : iniSubnet}
                onInput={(e) => (mode === 'blank' ? setBlankSubnet : setIniSubnet)(e.currentTarget.value)}
              />
            </Field>
          )}
          {mode === 'ini' && (
            <Field label="INI configuration" hint="DECNET's INI format: one [section] per decky; they all sit on one DMZ LAN.">
              <textarea class="mono ini-input" rows={12} spellcheck={false} value={ini} onInput={(e) => setIni(e.currentTarget.value)} />
            </Field>
          )}
        </TabPanel>
        {issues ? (
          <IssueList intro="The control plane refused this topology:" issues={issues} />
        ) : (
          error && (
            <p class="form-error" role="alert">
              {error}
            </p>
          )
        )}
      </form>
    </Modal>
  );
}
