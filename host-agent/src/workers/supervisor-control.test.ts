// Supervisor.control: an admin's stop keeps a worker stopped (no backoff restart), start brings a
// fresh instance, restart counts once, unknown names are refused.
import { describe, expect, it } from 'vitest';
import { Supervisor, UnknownWorkerError } from './supervisor';
import type { Worker, WorkerContext, WorkerSpec } from './worker';

class W implements Worker {
  running = false;
  constructor(readonly ctx: WorkerContext, private readonly failStart = false) {}
  async start() {
    if (this.failStart) throw new Error('port taken');
    this.running = true;
  }
  async stop() {
    this.running = false;
  }
  health() {
    return { status: 'ok' as const };
  }
}

function setup(failingStartsOf: Record<string, number> = {}, held?: ReadonlySet<string>) {
  const made: Record<string, W[]> = { a: [], b: [] };
  const specs: WorkerSpec[] = ['a', 'b'].map((name) => ({
    name,
    create: (ctx) => {
      const w = new W(ctx, made[name]!.length > 0 && (failingStartsOf[name] ?? 0) > 0 && failingStartsOf[name]!-- > 0);
      made[name]!.push(w);
      return w;
    },
  }));
  const sup = new Supervisor({ specs, publishHealth: () => {}, log: () => {}, healthIntervalMs: 60_000, backoff: { baseMs: 60_000, maxMs: 60_000 }, ...(held && { held }) });
  return { sup, made };
}

const slot = (sup: Supervisor, name: string) => sup.snapshot().find((s) => s.name === name)!;

describe('Supervisor.control', () => {
  it('leaves a worker an operator stopped (held) stopped at start, until started', async () => {
    const { sup, made } = setup({}, new Set(['b']));
    await sup.start();
    expect([made.a, made.b].map((m) => m!.length)).toEqual([1, 0]);
    expect(slot(sup, 'b')).toMatchObject({ state: 'stopped', status: 'stopped' });
    await sup.control('b', 'start');
    expect(made.b![0]!.running).toBe(true);
    await sup.stop();
  });

  it('stops a worker for good until started again; start makes a fresh instance', async () => {
    const { sup, made } = setup();
    await sup.start();
    await sup.control('a', 'stop');
    expect(made.a![0]!.running).toBe(false);
    expect(slot(sup, 'a')).toMatchObject({ state: 'stopped', status: 'stopped', restarts: 0 });
    // A late failure report from the stopped instance does not bring it back.
    made.a![0]!.ctx.fail(new Error('late'));
    expect(slot(sup, 'a').state).toBe('stopped');
    await sup.control('a', 'stop'); // idempotent
    await sup.control('a', 'start');
    expect(made.a).toHaveLength(2);
    expect(made.a![1]!.running).toBe(true);
    expect(slot(sup, 'a')).toMatchObject({ state: 'running', status: 'ok' });
    await sup.control('a', 'start'); // already running: nothing new
    expect(made.a).toHaveLength(2);
    expect(slot(sup, 'b').state).toBe('running');
    await sup.stop();
  });

  it('restart replaces the instance and counts one restart; a failed start rejects with its error', async () => {
    const { sup, made } = setup({ b: 1 });
    await sup.start();
    await sup.control('a', 'restart');
    expect(made.a!.map((w) => w.running)).toEqual([false, true]);
    expect(slot(sup, 'a')).toMatchObject({ state: 'running', restarts: 1 });
    await expect(sup.control('b', 'restart')).rejects.toThrow(/b did not start: port taken/);
    expect(slot(sup, 'b')).toMatchObject({ state: 'restarting', lastError: 'port taken' });
    await expect(sup.control('nope', 'restart')).rejects.toBeInstanceOf(UnknownWorkerError);
    await sup.stop();
  });
});
