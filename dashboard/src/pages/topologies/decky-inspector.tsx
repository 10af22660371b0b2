// Inspector for the selected decky: state, forwarding (force-confirmed on a deployed topology),
// LANs, archetype, services and their schema-built settings forms. Edits are staged, not sent.
import type { Catalogue, TopologyBody, TopologyDecky, TopologyMutationOp } from '@decnet/protocol';
import { useEffect, useState } from 'preact/hooks';
import type { DeckyReported } from '../../api/types';
import { StateBadge } from '../../components/badge';
import { Field } from '../../components/field';
import { ConfirmModal } from '../../components/modal';
import { ServicePicker } from '../fleet/service-picker';
import { DeckyHomes } from './decky-homes';
import { deckyUpdateOp, draftOf, forwardsOp, type DeckyDraft } from './inspector-logic';
import { configProblems, fieldsOf } from './schema-form-logic';
import { ServiceConfigForm } from './service-config-form';

interface Props {
  topologyId: string;
  decky: TopologyDecky;
  reported: DeckyReported | null;
  preview: TopologyBody;
  stagedLans: Set<string>;
  live: boolean;
  catalogue: Catalogue;
  editable: boolean;
  stage(op: TopologyMutationOp): void;
}

export function DeckyInspector({ topologyId, decky, reported, preview, stagedLans, live, catalogue, editable, stage }: Props) {
  const [draft, setDraft] = useState<DeckyDraft>(() => draftOf(decky));
  const [error, setError] = useState<string | null>(null);
  const [confirmForward, setConfirmForward] = useState<boolean | null>(null);
  const key = JSON.stringify(decky);
  useEffect(() => {
    setDraft(draftOf(decky));
    setError(null);
  }, [key]);

  const schemaOf = (svc: string) => catalogue.services.find((s) => s.slug === svc)?.configSchema;
  const all = [...new Set([...catalogue.services.filter((s) => s.available).map((s) => s.slug), ...decky.services])];
  const pending = deckyUpdateOp(decky, draft);

  const stageDraft = (e: Event) => {
    e.preventDefault();
    if (!draft.services.length) return setError('Keep at least one service.');
    const problems = draft.services.flatMap((s) => configProblems(fieldsOf(schemaOf(s)), draft.config[s] ?? {}).map((p) => `${s}.${p}`));
    if (problems.length) return setError(`Fix: ${problems.join('; ')}`);
    if (pending) stage(pending);
    setError(null);
  };
  const flipForward = (on: boolean) => (live ? setConfirmForward(on) : stage(forwardsOp(decky, on, false)));

  return (
    <div class="inspector stack">
      <header class="inspector-head">
        <h2 class="mono">{decky.name}</h2>
        <StateBadge state={reported?.state ?? 'not reported'} />
      </header>
      {reported?.error && <p class="form-error">{reported.error}</p>}
      <label class="check">
        <input type="checkbox" checked={decky.forwards} disabled={!editable} onChange={(e) => flipForward(e.currentTarget.checked)} />
        Forwards between its LANs {live && <span class="muted small">(changing it recreates this decky)</span>}
      </label>
      <DeckyHomes topologyId={topologyId} decky={decky} preview={preview} stagedLans={stagedLans} editable={editable} stage={stage} />
      <form class="stack" onSubmit={stageDraft}>
        {/* A viewer sees the settings; a disabled fieldset makes every control in it read-only. */}
        <fieldset class="stack bare-fieldset" disabled={!editable}>
          <Field label="Archetype">
            <select value={draft.archetype} disabled={!editable} onChange={(e) => setDraft({ ...draft, archetype: e.currentTarget.value })}>
              {!draft.archetype && <option value="">none</option>}
              {catalogue.archetypes.map((a) => (
                <option key={a.slug} value={a.slug}>
                  {a.slug}
                </option>
              ))}
              {draft.archetype && !catalogue.archetypes.some((a) => a.slug === draft.archetype) && <option value={draft.archetype}>{draft.archetype}</option>}
            </select>
          </Field>
          <fieldset class="field">
            <legend>Services</legend>
            <ServicePicker all={all} selected={draft.services} onChange={(services) => setDraft({ ...draft, services })} />
          </fieldset>
          {draft.services.map((svc) => (
            <ServiceConfigForm key={svc} service={svc} schema={schemaOf(svc)} values={draft.config[svc] ?? {}} onChange={(v) => setDraft({ ...draft, config: { ...draft.config, [svc]: v } })} />
          ))}
        </fieldset>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        {editable && (
          <div class="row-actions">
            <button type="submit" class="btn btn-primary btn-sm" disabled={!pending}>
              Stage changes
            </button>
            <button type="button" class="btn btn-ghost btn-sm" disabled={!pending} onClick={() => setDraft(draftOf(decky))}>
              Reset
            </button>
            <button type="button" class="btn btn-danger btn-sm" onClick={() => stage({ op: 'remove_decky', decky: decky.name })}>
              Remove decky
            </button>
          </div>
        )}
      </form>
      {confirmForward !== null && (
        <ConfirmModal
          title={`${confirmForward ? 'Enable' : 'Disable'} forwarding on ${decky.name}?`}
          confirmLabel="Stage with force"
          danger
          onClose={() => setConfirmForward(null)}
          onConfirm={async () => stage(forwardsOp(decky, confirmForward, true))}
        >
          <p>This topology is deployed: changing forwarding recreates this decky (its sessions end). The change is staged with force and sent when you apply.</p>
        </ConfirmModal>
      )}
    </div>
  );
}
