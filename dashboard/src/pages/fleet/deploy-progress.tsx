// After a deploy: polls /deckies every 2 s and shows each decky going pending -> starting ->
// running (or failed) until all settle; the server's INI warnings are listed too.
import { useState } from 'preact/hooks';
import { Fleet } from '../../api';
import type { Decky, DeployResult } from '../../api/types';
import { StateBadge } from '../../components/badge';
import { Modal } from '../../components/modal';
import { Spinner } from '../../components/spinner';
import { useInterval } from '../../hooks/use-interval';
import { oneLine } from '../../format/text';
import { deployProgress } from './deploy-logic';

const POLL_MS = 2000;
const GIVE_UP_MS = 5 * 60_000;

export function DeployProgress({ result, onClose }: { result: DeployResult; onClose(): void }) {
  const names = result.deckies.map((d) => d.name);
  const deployedAt = Object.fromEntries(result.deckies.map((d) => [d.name, d.updatedAt]));
  const [deckies, setDeckies] = useState<Decky[]>(result.deckies);
  const [startedMs] = useState(Date.now());
  const [pollError, setPollError] = useState(false);
  const progress = deployProgress(names, deckies, deployedAt);
  const timedOut = !progress.done && Date.now() - startedMs > GIVE_UP_MS;

  useInterval(
    async () => {
      try {
        setDeckies((await Fleet.deckies(result.hostId)).items);
        setPollError(false);
      } catch {
        setPollError(true);
      }
    },
    POLL_MS,
    !progress.done && !timedOut,
  );

  const pct = names.length ? Math.round(((progress.running + progress.failed) / names.length) * 100) : 100;
  return (
    <Modal title="Deploying" wide onClose={onClose} footer={<button type="button" class="btn btn-primary" onClick={onClose}>{progress.done ? 'Done' : 'Close (keeps deploying)'}</button>}>
      <div class="stack">
        <div class="progress-head" aria-live="polite">
          {!progress.done && !timedOut && <Spinner size={14} />}
          <span>
            {progress.done
              ? `Finished: ${progress.running} running${progress.failed ? `, ${progress.failed} failed` : ''}.`
              : timedOut
                ? 'The host agent has not reported every decky yet. Check the host’s status on the Hosts page.'
                : `Waiting for the host agent… ${progress.running + progress.failed} of ${names.length} settled.`}
          </span>
          {pollError && <span class="muted small">(could not refresh, retrying)</span>}
        </div>
        <div class="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
          <div class={`progress-fill${progress.failed ? ' has-failed' : ''}`} style={{ width: `${pct}%` }} />
        </div>
        <ul class="progress-list">
          {progress.items.map((i) => (
            <li key={i.name}>
              <span class="strong">{i.name}</span>
              <StateBadge state={i.state} />
              {i.error && <span class="form-error small">{oneLine(i.error, 200)}</span>}
            </li>
          ))}
        </ul>
        {result.warnings.length > 0 && (
          <div class="warnings">
            <h3 class="section-label">Configuration warnings</h3>
            <ul>
              {result.warnings.map((w, i) => (
                <li key={i}>
                  Line {w.line}: {w.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </Modal>
  );
}
