// FleetControl: each command id runs once (remembered across a restart), every delivered command is
// (re)acked, failures are acked with their error (a high-interaction reset's runtime error too),
// retryable ack failures are retried, and a decommission tears down, acks with `decommissioned`,
// stops the control-plane workers and deletes the identity files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentPaths } from '../config/paths';
import type { CallOptions, CallOutcome } from '../uplink/mtls-client';
import { LocalRuntime } from '../runtime/local/local-runtime';
import { FleetControl, runtimeReset } from './fleet-control';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup(outcomes: CallOutcome['kind'][] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'decnet-fc-'));
  dirs.push(dir);
  const paths = agentPaths({ dataDir: dir });
  const calls: Array<{ path: string; body: any }> = [];
  const done: string[] = [];
  const deps = {
    call: async (o: CallOptions): Promise<CallOutcome> => {
      calls.push({ path: o.path, body: JSON.parse(String(o.body)) });
      const kind = outcomes.shift() ?? 'ok';
      return kind === 'ok' ? { kind, status: 200, body: { ok: true } } : { kind, status: kind === 'retry' ? 503 : 403, code: 'x', message: 'no' } as CallOutcome;
    },
    controlWorker: async (name: string, action: string) => {
      if (name === 'ghost') throw new Error(`no worker named '${name}' on this agent`);
      done.push(`${action} ${name}`);
    },
    rotateDecky: async (name: string) => {
      done.push(`rotate ${name}`);
      return { from: ['ssh'], to: ['ftp', 'http'] };
    },
    resetDecky: async (name: string) => {
      if (name !== 'hi-01') throw new Error(`no desired decky named ${name}`);
      done.push(`reset ${name}`);
      return '0123456789abcdef0123';
    },
    teardownAll: async () => void done.push('teardown'),
    stopControlPlaneWorkers: async () => void done.push('stop-cp-workers'),
    paths,
    log: () => {},
    retryBaseMs: 1,
  };
  return { deps, calls, done, paths, dir };
}

const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

describe('FleetControl', () => {
  it('runs each command once, acks all of them, and remembers across a restart', async () => {
    const t = setup();
    const fc = new FleetControl(t.deps);
    const cmds = [
      { id: id(1), kind: 'worker' as const, worker: 'ingest', action: 'restart' as const },
      { id: id(2), kind: 'rotate' as const, decky: 'web-01' },
      { id: id(3), kind: 'worker' as const, worker: 'ghost', action: 'stop' as const },
    ];
    await fc.run(cmds);
    expect(t.done).toEqual(['restart ingest', 'rotate web-01']);
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0]!.body.acks).toEqual([
      { id: id(1), ok: true, result: 'ingest running' },
      { id: id(2), ok: true, result: 'ssh -> ftp,http' },
      { id: id(3), ok: false, error: "no worker named 'ghost' on this agent" },
    ]);
    // Re-delivered (the ack was lost, or the agent restarted): acked again, not run again.
    await new FleetControl(t.deps).run(cmds);
    expect(t.done).toHaveLength(2);
    expect(t.calls[1]!.body.acks).toEqual(t.calls[0]!.body.acks);
  });

  it('remembers the workers an operator stopped across a restart, until started again', async () => {
    const t = setup();
    await new FleetControl(t.deps).run([
      { id: id(1), kind: 'worker', worker: 'prober', action: 'stop' },
      { id: id(2), kind: 'worker', worker: 'ghost', action: 'stop' }, // failed: not remembered
      { id: id(3), kind: 'worker', worker: 'sniffer', action: 'stop' },
    ]);
    expect([...new FleetControl(t.deps).stoppedWorkers()]).toEqual(['prober', 'sniffer']);
    await new FleetControl(t.deps).run([
      { id: id(4), kind: 'worker', worker: 'prober', action: 'start' },
      { id: id(5), kind: 'worker', worker: 'sniffer', action: 'restart' },
    ]);
    expect([...new FleetControl(t.deps).stoppedWorkers()]).toEqual([]);
  });

  it('resets a high-interaction decky through the runtime, acks the runtime error as failed', async () => {
    const t = setup();
    await new FleetControl(t.deps).run([
      { id: id(6), kind: 'reset_decky', decky: 'hi-01' },
      { id: id(7), kind: 'reset_decky', decky: 'web-09' },
    ]);
    expect(t.done).toEqual(['reset hi-01']);
    expect(t.calls[0]!.body.acks).toEqual([
      { id: id(6), ok: true, result: 'hi-01 reset to its image (container 0123456789ab)' },
      { id: id(7), ok: false, error: 'no desired decky named web-09' },
    ]);
    // A runtime without high-interaction deckies (local) refuses with its reason, acked as failed.
    const local = await LocalRuntime.open({ dataDir: t.dir, log: () => {} });
    try {
      const r = setup();
      await new FleetControl({ ...r.deps, resetDecky: runtimeReset(local) }).run([{ id: id(8), kind: 'reset_decky', decky: 'hi-01' }]);
      expect(r.calls[0]!.body.acks).toEqual([{ id: id(8), ok: false, error: 'the local runtime has no high-interaction deckies to reset (docker runtime only)' }]);
    } finally {
      await local.close();
    }
  });

  it('retries an ack the control plane could not take, gives up on a refusal', async () => {
    const t = setup(['retry', 'retry', 'ok']);
    await new FleetControl(t.deps).run([{ id: id(4), kind: 'rotate', decky: 'db-01' }]);
    expect(t.calls.map((c) => c.path)).toEqual(['/agent/v1/acks', '/agent/v1/acks', '/agent/v1/acks']);
    const r = setup(['identity']);
    await new FleetControl(r.deps).run([{ id: id(5), kind: 'rotate', decky: 'db-01' }]);
    expect(r.calls).toHaveLength(1);
  });

  it('decommission: teardown, ack, stop the control-plane workers, then forget the identity', async () => {
    const t = setup();
    mkdirSync(join(t.dir, 'tls'));
    for (const f of [t.paths.keyPem, t.paths.certPem, t.paths.caPem, t.paths.desiredState]) writeFileSync(f, 'x');
    writeFileSync(join(t.dir, 'workers-stopped.json'), '["prober"]');
    const fc = new FleetControl(t.deps);
    await fc.decommission();
    await fc.decommission(); // once only
    expect(t.done).toEqual(['teardown', 'stop-cp-workers']);
    expect(t.calls).toEqual([{ path: '/agent/v1/acks', body: { acks: [], decommissioned: true } }]);
    expect([t.paths.keyPem, t.paths.certPem, t.paths.caPem, t.paths.desiredState, join(t.dir, 'tls'), join(t.dir, 'workers-stopped.json')].map(existsSync)).toEqual([false, false, false, false, false, false]);
    expect(fc.decommissioned).toBe(true);
  });
});
