// A decky's realism report (issue 17): verdict, what an attacker sees per port, the contradictions with
// its persona, and every check with its evidence; admins start a new self-test. All report text comes
// from the decky (attacker-visible bytes), so it goes in as text nodes with hidden characters shown.
import { useState } from 'preact/hooks';
import { realismApi } from '../../api/realism-api';
import { api } from '../../auth/session';
import { Badge } from '../../components/badge';
import { Icon } from '../../components/icons';
import { Modal } from '../../components/modal';
import { toast } from '../../components/toast';
import { errorLine } from '../../format/errors';
import { oneLine, visible } from '../../format/text';
import { useAsync } from '../../hooks/use-async';
import { useInterval } from '../../hooks/use-interval';
import { contradictions, orderedChecks, realismVerdict } from './realism-logic';

const Realism = realismApi(api);
const TONE = { pass: 'ok', fail: 'bad', skip: 'neutral', pending: 'info', never: 'neutral' } as const;

export function RealismModal({ decky, isAdmin, onClose }: { decky: string; isAdmin: boolean; onClose(): void }) {
  const state = useAsync(() => Realism.latest(decky), [decky]);
  const [busy, setBusy] = useState(false);
  const pending = state.data?.pendingRequestId ?? null;
  useInterval(state.reload, 3000, Boolean(pending));
  const start = async () => {
    setBusy(true);
    try {
      await Realism.selftest(decky);
      toast(`Self-test of ${decky} asked of its host's agent`);
      state.reload();
    } catch (e) {
      toast(errorLine(e), 'bad');
    } finally {
      setBusy(false);
    }
  };
  const r = state.data?.report ?? null;
  const verdict = state.data ? realismVerdict(r, pending) : undefined;
  return (
    <Modal
      wide
      title={<>Realism of {decky}</>}
      onClose={onClose}
      footer={
        isAdmin && (
          <button type="button" class="btn btn-primary" disabled={busy || Boolean(pending)} onClick={() => void start()}>
            <Icon name="shield" size={14} /> {pending ? 'Self-test running…' : 'Run self-test'}
          </button>
        )
      }
    >
      {state.error !== undefined && <p class="form-error">{errorLine(state.error)}</p>}
      {verdict && (
        <p>
          <Badge tone={TONE[verdict]}>{verdict === 'never' ? 'never tested' : verdict}</Badge>{' '}
          {r && <span class="muted small">{r.persona} · ran {new Date(r.ranAt).toLocaleString()} · {Math.round(r.durationMs / 100) / 10} s{r.nmap.available ? (r.nmap.osScan ? ' · nmap -sV -O' : ' · nmap -sV') : ' · without nmap'}</span>}
        </p>
      )}
      {r && <ReportBody report={r} />}
    </Modal>
  );
}

function ReportBody({ report }: { report: NonNullable<Awaited<ReturnType<typeof Realism.latest>>['report']> }) {
  const bad = contradictions(report);
  return (
    <>
      <h3>What an attacker sees</h3>
      <ul class="plain-list">
        {report.attackerView.map((v) => (
          <li key={`${v.service}-${v.port}`}>
            <span class="strong">{v.service}</span> <span class="muted">{v.port}/tcp</span> <span class="mono">{oneLine(v.text, 300)}</span>
          </li>
        ))}
        {report.attackerView.length === 0 && <li class="muted">No open service answered.</li>}
      </ul>
      {bad.length > 0 && (
        <>
          <h3>Contradictions with the persona</h3>
          <ul class="plain-list">
            {bad.map((c, i) => (
              <li key={i}>
                <Badge tone="bad">{c.check}</Badge> {c.layer}: <span class="mono">{oneLine(c.seen, 300)}</span> <span class="muted">expected</span> <span class="mono">{oneLine(c.expected, 300)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Checks</h3>
      {orderedChecks(report).map((c) => (
        <details key={c.id} open={c.status === 'fail'}>
          <summary>
            <Badge tone={TONE[c.status]}>{c.status}</Badge> <span class="strong">{c.id}</span> <span class="muted">{oneLine(c.summary, 300)}</span>
          </summary>
          <ul class="plain-list">
            {c.evidence.map((e, i) => (
              <li key={i}>
                <span class="muted">{visible(e.layer)}:</span> <span class="mono">{oneLine(e.seen, 600)}</span>
                {e.expected !== undefined && <> <span class="muted">expected</span> <span class="mono">{oneLine(e.expected, 600)}</span></>}
              </li>
            ))}
          </ul>
        </details>
      ))}
    </>
  );
}
