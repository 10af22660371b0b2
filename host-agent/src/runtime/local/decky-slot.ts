// One local decky's lifecycle: plan its ports, start it in a runner group (a new log file per start),
// watch it, restart it with backoff when it (or its group's process) dies (degraded, then failed after
// repeated crashes) and stop it.
import type { DeckyReport, DeckySpec, DeckyState } from '@decnet/protocol';
import { join } from 'node:path';
import { backoffMs } from '../../workers/backoff';
import { DeckyLogFiles } from './log-writer';
import { describeMapped, planPorts, type PlannedPort } from './port-plan';
import { RunnerArgsError, runnerArgs } from './runner-command';
import type { GroupMember, RunnerExit } from './group-member';
import type { SlotEnv } from './slot-env';

export interface DeckyEndpoint {
  decky: string;
  service: string;
  host: string;
  port: number;
  /** The service's real port; differs from `port` when it was mapped. */
  wantedPort: number;
  mapped: boolean;
}

/** Exit code of the runner for a bad command line or config (retrying cannot help). */
const RUNNER_USAGE_EXIT = 2;

export class DeckySlot {
  state: DeckyState = 'pending';
  restarts = 0;
  pid: number | undefined;
  private runner: GroupMember | undefined;
  private plan: PlannedPort[] = [];
  private attempt = 0;
  private readyAtMs = 0;
  private lastError: string | undefined;
  private missing: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    /** Replaced in place when only fields that need no restart changed. */
    public spec: DeckySpec,
    /** What decides a restart: services, config, archetype, OS, ip (not the mutate interval). */
    readonly key: string,
    readonly address: string,
    private readonly env: SlotEnv,
    /** A multi-homed topology decky's other LAN addresses: its services listen on each as well. */
    readonly extraAddresses: readonly string[] = [],
  ) {}

  /** Every address the runner binds, the primary first. */
  get addresses(): string[] {
    return [this.address, ...this.extraAddresses];
  }

  /** One start attempt; resolves once the runner is ready, has exited, or was not startable. */
  async start(): Promise<void> {
    if (this.stopping || this.runner) return;
    this.set('starting');
    const runnable = this.spec.services.filter((s) => this.env.listenersOf(s) !== undefined);
    this.missing = this.spec.services.filter((s) => !runnable.includes(s));
    if (runnable.length === 0) return this.markFailed(`no template in this build for ${this.spec.services.join(', ')}`);
    this.plan = await planPorts(this.addresses, runnable.flatMap((s) => this.env.listenersOf(s)!.map((l) => ({ service: l.key, wantedPort: l.port, transport: l.transport ?? 'tcp' }))), this.env.mappedPortBase);
    if (this.stopping) return;
    let args: string[];
    try {
      args = runnerArgs(this.spec, this.addresses.join(','), this.plan, join(this.env.artifactsRoot, this.spec.name));
    } catch (e) {
      if (e instanceof RunnerArgsError) return this.markFailed(e.message);
      throw e;
    }
    const logs = new DeckyLogFiles({ ...this.env.logs, decky: this.spec.name });
    const logArgs = ['--log-file', logs.path, '--log-file-max-bytes', String(logs.fileMaxBytes)];
    const runner = this.env.runners.launch(this.spec.name, [...args, ...logArgs], logs, this.env.readyTimeoutMs);
    this.runner = runner;
    this.pid = runner.pid;
    void runner.exited.then((o) => this.onExit(runner, logs, o));
    const outcome = await runner.outcome;
    if (outcome.kind === 'ready' && this.runner === runner && !this.stopping) {
      this.readyAtMs = this.env.nowMs();
      this.lastError = undefined;
      const partial = this.missing.length > 0 || runner.skipped.length > 0;
      this.set(partial ? 'degraded' : 'running');
      const note = describeMapped(this.plan);
      if (note) this.env.log(`decky ${this.spec.name} on ${this.address}: ${note}`);
    }
  }

  private onExit(runner: GroupMember, logs: DeckyLogFiles, o: RunnerExit): void {
    logs.close();
    if (this.runner !== runner) return;
    this.runner = undefined;
    this.pid = undefined;
    if (this.stopping) return;
    this.lastError = o.error;
    this.env.log(`decky ${this.spec.name}: ${o.error}`);
    if (o.code === RUNNER_USAGE_EXIT) return this.markFailed(o.error);
    if (this.readyAtMs && this.env.nowMs() - this.readyAtMs >= this.env.stableAfterMs) this.attempt = 0;
    this.readyAtMs = 0;
    this.attempt++;
    this.restarts++;
    this.set(this.attempt >= this.env.failedAfterAttempts ? 'failed' : 'degraded');
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.start().catch((e: unknown) => this.markFailed(`restart failed: ${(e as Error).message}`));
    }, backoffMs(this.attempt - 1, this.env.backoff));
  }

  /** Not startable as specified (retrying cannot help until the spec changes). */
  markFailed(error: string): void {
    this.lastError = error;
    this.set('failed');
  }

  private set(state: DeckyState): void {
    this.state = state;
    this.env.onChange();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const runner = this.runner;
    this.set('stopping');
    if (runner) await runner.stop(this.env.stopTimeoutMs);
    this.set('stopped');
  }

  endpoints(): DeckyEndpoint[] {
    const bound = this.runner?.ports ?? [];
    return this.addresses.flatMap((host) => this.plan.map((p) => {
      const mine = bound.filter((b) => (b.key ?? b.service) === p.service);
      const actual = (mine.find((b) => b.host === host) ?? mine[0])?.port ?? p.port;
      return { decky: this.spec.name, service: p.service, host, port: actual, wantedPort: p.wantedPort, mapped: actual !== p.wantedPort };
    }));
  }

  report(): DeckyReport {
    const notes: string[] = [];
    if (this.lastError) notes.push(this.lastError);
    const skipped = [...new Set([...this.missing, ...(this.runner?.skipped.map((s) => s.service) ?? [])])];
    if (skipped.length) notes.push(`not running (no template in this build): ${skipped.join(', ')}`);
    const mapped = describeMapped(this.plan);
    if (mapped && this.state !== 'failed') notes.push(mapped);
    if (this.restarts && !this.lastError) notes.push(`runner restarted ${this.restarts}x`);
    const error = notes.join('; ').slice(0, 2048);
    return { name: this.spec.name, state: this.state, services: [...this.spec.services], runtime: 'local', ...(error && { error }) };
  }
}
