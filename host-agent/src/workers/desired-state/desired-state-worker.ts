// Desired-state worker: long-polls GET /agent/v1/desired-state?sinceVersion=N&waitS=25 (the
// answer comes when the version changes, or after ~25 s), persists each new version and hands it
// to the decky runtime. At start it re-applies the last persisted state, so deckies come back
// even while the control plane is unreachable. Remote-control commands and a decommission in the
// answer are handed on (not awaited: a command may restart this very worker).
import { DesiredStateResponseSchema, type DesiredStateResponse } from '@decnet/protocol';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { DeckyRuntime } from '../../runtime/decky-runtime';
import type { CallOptions, CallOutcome } from '../../uplink/mtls-client';
import { backoffMs, sleep, type BackoffOptions } from '../backoff';
import type { Worker, WorkerContext, WorkerHealth } from '../worker';

export interface DesiredStateWorkerDeps extends WorkerContext {
  call(o: CallOptions): Promise<CallOutcome>;
  runtime: DeckyRuntime;
  /** Where the last applied desired state is kept (dataDir/desired-state.json). */
  file: string;
  waitS: number;
  backoff: BackoffOptions;
  identityRetryMs: number;
  onApplied?(state: DesiredStateResponse): void;
  /** The answer's pending commands (each id run once by the handler, which acks them). */
  onCommands?(commands: NonNullable<DesiredStateResponse['commands']>): void;
  /** The host was decommissioned: polling ends here; the handler tears down and forgets the identity. */
  onDecommission?(): void;
}

export function loadDesiredState(file: string): DesiredStateResponse | undefined {
  try {
    const r = DesiredStateResponseSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

export class DesiredStateWorker implements Worker {
  private abort = new AbortController();
  private loop: Promise<void> | undefined;
  private current: DesiredStateResponse | undefined;
  private polls = 0;
  private lastError: string | undefined;
  private decommissioned = false;

  constructor(private readonly deps: DesiredStateWorkerDeps) {}

  get version(): number | undefined {
    return this.current?.version;
  }

  async start(): Promise<void> {
    const saved = loadDesiredState(this.deps.file);
    if (saved) await this.apply(saved, false);
    this.loop = this.run().catch((e) => this.deps.fail(e));
  }

  private async run(): Promise<void> {
    let attempt = 0;
    const signal = this.abort.signal;
    while (!signal.aborted && !this.decommissioned) {
      const since = this.current ? `sinceVersion=${this.current.version}&` : '';
      const o = await this.deps.call({
        method: 'GET', path: `/agent/v1/desired-state?${since}waitS=${this.deps.waitS}`, signal, timeoutMs: (this.deps.waitS + 15) * 1000,
      });
      if (signal.aborted) return;
      this.polls++;
      const parsed = o.kind === 'ok' ? DesiredStateResponseSchema.safeParse(o.body) : undefined;
      if (parsed?.success) {
        attempt = 0;
        this.lastError = undefined;
        if (parsed.data.version !== this.current?.version) await this.apply(parsed.data, true);
        continue;
      }
      this.lastError = o.kind === 'ok' ? 'invalid desired state answer' : `${o.status} ${o.code}: ${o.message}`;
      const wait = o.kind === 'identity' ? this.deps.identityRetryMs : backoffMs(attempt++, this.deps.backoff);
      await sleep(wait, signal);
    }
  }

  private async apply(state: DesiredStateResponse, persist: boolean): Promise<void> {
    if (state.decommission) {
      this.decommissioned = true;
      this.current = state;
      this.deps.log(`desired state v${state.version}: this host was decommissioned`);
      this.deps.onDecommission?.();
      return;
    }
    if (persist) {
      const tmp = `${this.deps.file}.tmp`;
      writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
      renameSync(tmp, this.deps.file);
    }
    await this.deps.runtime.apply(state.deckies, state.topologies ?? []);
    this.current = state;
    const topologies = state.topologies?.length ? `, ${state.topologies.length} topology(ies)` : '';
    this.deps.log(`desired state v${state.version}: ${state.deckies.length} decky(ies)${topologies}`);
    this.deps.onApplied?.(state);
    if (state.commands?.length) this.deps.onCommands?.(state.commands);
  }

  health(): WorkerHealth {
    const counters = { polls: this.polls, version: this.current?.version ?? -1, deckies: this.current?.deckies.length ?? 0 };
    if (this.decommissioned) return { status: 'stopped', message: 'host decommissioned', counters };
    if (this.lastError) return { status: 'degraded', message: this.lastError, counters };
    return { status: 'ok', counters };
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }
}
