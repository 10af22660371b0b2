// A decky's reported state from its two containers' docker states, what the last convergence
// said about it (errors, services without a template) and whether it is being converged now.
import type { DeckyReport, DeckySpec } from '@decnet/protocol';
import type { Observed } from './converge';

export interface DeckyNotes {
  /** Why the decky could not be planned or created. */
  error?: string;
  /** Services the runner skips (no template in this build). */
  missingServices?: string[];
  /** Bring-your-own services that could not run, with the reason. */
  customProblems?: string[];
}

export interface StateInput {
  spec: DeckySpec;
  base: Observed | undefined;
  svc: Observed | undefined;
  notes: DeckyNotes | undefined;
  busy: boolean;
  /** True until the first convergence after this desired set arrived has finished. */
  applied: boolean;
}

const ERROR_MAX = 2048;

export function deckyReport(i: StateInput): DeckyReport {
  const r = (state: DeckyReport['state'], error?: string): DeckyReport => ({
    name: i.spec.name,
    state,
    services: i.spec.services,
    runtime: 'docker',
    ...(error ? { error: error.slice(0, ERROR_MAX) } : {}),
  });
  if (i.busy) return r('starting');
  if (i.notes?.error) return r('failed', i.notes.error);
  if (!i.applied) return r('pending');
  const { base, svc } = i;
  if (!base || !svc) return r('failed', `container missing: ${!base ? 'base' : 'services'}`);
  if (base.state !== 'running') return r('failed', `base container ${base.state} (${base.status})`);
  if (svc.state === 'restarting') return r('degraded', `services container restarting (${svc.status})`);
  if (svc.state === 'created') return r('starting');
  if (svc.state !== 'running') return r('failed', `services container ${svc.state} (${svc.status})`);
  const missing = i.notes?.missingServices ?? [];
  if (missing.length > 0) return r('degraded', `no template for: ${missing.join(', ')}`);
  if (i.notes?.customProblems?.length) return r('degraded', `custom services not running: ${i.notes.customProblems.join('; ')}`);
  return r('running');
}
