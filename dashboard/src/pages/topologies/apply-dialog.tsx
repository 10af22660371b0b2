// "Apply (N changes)": the diff of exactly what will change (each op in words with old → new
// values, and the counts before and after), then one POST against the version. A 409 says someone
// else changed the topology first and offers to reload keeping or discarding the staged changes;
// a 422 lists the issues naming their objects.
import type { TopologyBody, TopologyIssue, TopologyMutationOp } from '@decnet/protocol';
import { useState } from 'preact/hooks';
import { Modal } from '../../components/modal';
import { Spinner } from '../../components/spinner';
import { applyTopologyOps } from './apply-ops';
import { describeBatch, type Counts } from './diff-logic';
import { IssueList } from './issue-list';
import { conflictMessage } from './staged-logic';
import type { ApplyOutcome } from './use-topology-editor';

interface Props {
  base: TopologyBody;
  ops: TopologyMutationOp[];
  version: number;
  live: boolean;
  onApply(): Promise<ApplyOutcome>;
  onReload(keep: boolean): Promise<void>;
  onClose(): void;
}

const MARK = { add: '+', remove: '−', change: '~' } as const;
const COUNT_LABELS: [keyof Counts, string][] = [
  ['lans', 'LANs'],
  ['deckies', 'deckies'],
  ['homes', 'LAN memberships'],
  ['forwarders', 'forwarding deckies'],
];

export function ApplyDialog({ base, ops, version, live, onApply, onReload, onClose }: Props) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ conflict?: number; issues?: TopologyIssue[]; message: string } | null>(null);
  const { lines, before, after } = describeBatch(base, ops, (b, o) => applyTopologyOps(b, o, { live }));
  const n = ops.length;

  const go = async () => {
    setBusy(true);
    setFailure(null);
    const out = await onApply();
    setBusy(false);
    if (out.ok) onClose();
    else setFailure(out);
  };
  const reload = async (keep: boolean) => {
    setBusy(true);
    await onReload(keep).catch(() => undefined);
    setBusy(false);
    onClose();
  };

  return (
    <Modal
      title={`Apply ${n} change${n === 1 ? '' : 's'} to version ${version}`}
      wide
      onClose={onClose}
      footer={
        failure?.conflict !== undefined ? (
          <>
            <button type="button" class="btn btn-ghost" disabled={busy} onClick={() => void reload(false)}>
              Reload and discard my changes
            </button>
            <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void reload(true)}>
              Reload and keep my {n} change{n === 1 ? '' : 's'}
            </button>
          </>
        ) : (
          <>
            <button type="button" class="btn btn-ghost" onClick={onClose}>
              Back to editing
            </button>
            <button type="button" class="btn btn-primary" disabled={busy || n === 0} onClick={() => void go()}>
              {busy && <Spinner size={14} />} Apply {n} change{n === 1 ? '' : 's'}
            </button>
          </>
        )
      }
    >
      <div class="stack">
        <ol class="diff-list" aria-label="Staged changes">
          {lines.map((l, i) => (
            <li key={i} class={`diff-${l.kind}`}>
              <span class="diff-mark" aria-hidden="true">
                {MARK[l.kind]}
              </span>
              <span>{l.text}</span>
              {l.details.length > 0 && (
                <ul class="diff-details">
                  {l.details.map((d, j) => (
                    <li key={j} class="mono">
                      {d}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
        <p class="muted small" aria-label="Resulting counts">
          Result:{' '}
          {COUNT_LABELS.map(([k, label]) => `${label} ${before[k]} → ${after[k]}`).join(' · ')}
        </p>
        {failure?.conflict !== undefined && (
          <p class="notice notice-warn" role="alert">
            {conflictMessage(failure.conflict >= 0 ? failure.conflict : undefined, n)}
          </p>
        )}
        {failure?.issues && (failure.issues.length ? <IssueList intro="The control plane refused the changes:" issues={failure.issues} /> : <p class="form-error" role="alert">{failure.message}</p>)}
        {failure && failure.conflict === undefined && !failure.issues && (
          <p class="form-error" role="alert">
            {failure.message}
          </p>
        )}
      </div>
    </Modal>
  );
}
