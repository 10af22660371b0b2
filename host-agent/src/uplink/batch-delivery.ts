// Delivers one spooled batch until it is in: retries with jittered exponential backoff, keeps
// retrying slowly (and loudly) when our identity is refused, and on 413/422 bisects the batch so
// the one poison event ends in the dead-letter file while the rest goes through.
import { backoffMs, sleep, type BackoffOptions } from '../workers/backoff';
import type { Log } from '../workers/worker';
import type { CallOutcome } from './mtls-client';

export interface DeliveryDeps {
  post(body: Buffer, signal: AbortSignal): Promise<CallOutcome>;
  quarantine(record: Buffer, refusal: { status: number; code: string; message: string }): void;
  backoff: BackoffOptions;
  identityRetryMs: number;
  log: Log;
  /** Observes every attempt (counters, health). */
  onOutcome?(o: CallOutcome, events: number): void;
}

export class Stopped extends Error {
  override readonly name = 'Stopped';
}

export function batchBody(records: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from('{"events":[')];
  records.forEach((r, i) => {
    if (i > 0) parts.push(Buffer.from(','));
    parts.push(r);
  });
  parts.push(Buffer.from(']}'));
  return Buffer.concat(parts);
}

/** Resolves once every record is accepted (or quarantined); throws Stopped when aborted. */
export async function deliver(records: readonly Buffer[], deps: DeliveryDeps, signal: AbortSignal): Promise<void> {
  let attempt = 0;
  for (;;) {
    if (signal.aborted) throw new Stopped();
    const outcome = await deps.post(batchBody(records), signal);
    deps.onOutcome?.(outcome, records.length);
    if (outcome.kind === 'ok') return;
    if (signal.aborted) throw new Stopped();
    if (outcome.kind === 'rejected') {
      if (records.length === 1) {
        deps.log(`quarantined one event refused with ${outcome.status} ${outcome.code}: ${outcome.message}`);
        deps.quarantine(records[0]!, outcome);
        return;
      }
      const mid = Math.ceil(records.length / 2);
      await deliver(records.slice(0, mid), deps, signal);
      await deliver(records.slice(mid), deps, signal);
      return;
    }
    if (outcome.kind === 'identity') {
      // Loud, at the slow identity retry pace: the operator must re-enroll or un-revoke this host.
      deps.log(`CONTROL PLANE REFUSES THIS HOST (${outcome.status} ${outcome.code}: ${outcome.message}); events stay spooled, retrying`);
      await sleep(backoffMs(0, { baseMs: deps.identityRetryMs, maxMs: deps.identityRetryMs }), signal);
      continue;
    }
    await sleep(backoffMs(attempt++, deps.backoff), signal);
  }
}
