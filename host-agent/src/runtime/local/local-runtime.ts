// The local runtime (DESIGN §3): each decky binds its own loopback address inside a runner process
// shared by up to `deckiesPerRunner` deckies (runner-pool.ts), its events kept in its own append-only
// log files that the collector follows (DeckyLogSource). apply() converges idempotently; close()
// stops every runner; open() reaps runners a dead agent left behind.
import { mkdirSync } from 'node:fs';
import { serviceListeners } from '@decnet/templates';
import { HIGH_INTERACTION_LOCAL_REFUSAL, isHighInteraction, type DeckyReport, type DeckySpec, type DesiredTopology, type TopologyReport } from '@decnet/protocol';
import type { DeckyRuntime } from '../decky-runtime';
import type { DeckyLogLine, DeckyLogSource, DeckyLogStreamInfo } from '../log-stream';
import type { BackoffOptions } from '../../workers/backoff';
import type { Log } from '../../workers/worker';
import { DeckySlot, type DeckyEndpoint } from './decky-slot';
import { assignLoopback } from './loopback-address';
import { allLogFiles, logPathOf, pruneDecky } from './log-files';
import { followFile } from './log-follow';
import { PidFiles } from './pid-files';
import { reapOrphans } from './reap';
import { defaultRunnerCommand, type RunnerCommand } from './runner-command';
import { DEFAULT_DECKIES_PER_RUNNER, RunnerPool } from './runner-pool';
import type { SlotEnv } from './slot-env';
import { localRuntimePaths, writeLocalState } from './state-file';
import { StreamHub } from './stream-hub';
import { deckyKey } from './decky-key';
import { planLocalTopologies, type LocalTopologyPlan } from './topology-loopback';

export interface LocalRuntimeOptions {
  dataDir: string;
  log?: Log;
  command?: RunnerCommand;
  /** Deckies per runner process (default DEFAULT_DECKIES_PER_RUNNER); 1 = a process per decky. */
  deckiesPerRunner?: number;
  /** A service's real port, undefined without a template (default: the templates registry). */
  listenersOf?(service: string): ReadonlyArray<{ key: string; port: number; transport?: 'tcp' | 'udp' }> | undefined;
  mappedPortBase?: number;
  readyTimeoutMs?: number;
  stopTimeoutMs?: number;
  backoff?: BackoffOptions;
  failedAfterAttempts?: number;
  stableAfterMs?: number;
  logFileMaxBytes?: number;
  logDeckyMaxBytes?: number;
  logRetentionMs?: number;
  followPollMs?: number;
  nowMs?(): number;
}

const MiB = 1024 * 1024;

export class LocalRuntime implements DeckyRuntime, DeckyLogSource {
  readonly kind = 'local' as const;
  private readonly slots = new Map<string, DeckySlot>();
  private readonly addresses = new Map<string, string>();
  private readonly hub = new StreamHub();
  private readonly paths: ReturnType<typeof localRuntimePaths>;
  private readonly env: SlotEnv;
  private readonly command: RunnerCommand;
  private readonly pidFiles: PidFiles;
  private queue: Promise<void> = Promise.resolve();
  private stateTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private topologies: readonly DesiredTopology[] = [];
  private topoPlan: LocalTopologyPlan | undefined;
  /** topology id -> the version last realised without a placement error. */
  private readonly appliedVersions = new Map<string, number>();

  private constructor(private readonly o: LocalRuntimeOptions) {
    this.paths = localRuntimePaths(o.dataDir);
    for (const dir of [this.paths.logs, this.paths.artifacts]) mkdirSync(dir, { recursive: true, mode: 0o750 });
    const log = o.log ?? (() => {});
    const nowMs = o.nowMs ?? Date.now;
    const deckiesPerRunner = o.deckiesPerRunner ?? DEFAULT_DECKIES_PER_RUNNER;
    this.command = o.command ?? defaultRunnerCommand(deckiesPerRunner);
    this.pidFiles = new PidFiles(this.paths.pids);
    const stopTimeoutMs = o.stopTimeoutMs ?? 5000;
    this.env = {
      runners: new RunnerPool({ command: this.command, pidFiles: this.pidFiles, nowMs, stopTimeoutMs, deckiesPerRunner }),
      artifactsRoot: this.paths.artifacts,
      logs: {
        root: this.paths.logs, hub: this.hub, nowMs,
        fileMaxBytes: o.logFileMaxBytes ?? 8 * MiB, deckyMaxBytes: o.logDeckyMaxBytes ?? 64 * MiB, retentionMs: o.logRetentionMs ?? 7 * 86_400_000,
        onPruned: (s) => log(`local runtime: log size cap reached, deleted ${s.join(', ')}`),
      },
      listenersOf: o.listenersOf ?? serviceListeners,
      mappedPortBase: o.mappedPortBase ?? 10_000,
      readyTimeoutMs: o.readyTimeoutMs ?? 30_000,
      stopTimeoutMs,
      backoff: o.backoff ?? { baseMs: 500, maxMs: 30_000 },
      failedAfterAttempts: o.failedAfterAttempts ?? 5,
      stableAfterMs: o.stableAfterMs ?? 30_000,
      nowMs,
      log,
      onChange: () => this.scheduleState(),
    };
  }

  /** Reaps runners a previous agent left running, prunes old logs, and returns the runtime. */
  static async open(o: LocalRuntimeOptions): Promise<LocalRuntime> {
    const rt = new LocalRuntime(o);
    await reapOrphans(rt.pidFiles, rt.command.marker, rt.env.stopTimeoutMs, rt.env.log);
    const { logs } = rt.env;
    for (const f of new Set(allLogFiles(logs.root).map((f) => f.decky))) pruneDecky(logs.root, f, logs.deckyMaxBytes, logs.retentionMs, new Set(), logs.nowMs());
    rt.writeState();
    return rt;
  }

  apply(deckies: readonly DeckySpec[], topologies: readonly DesiredTopology[] = []): Promise<void> {
    const run = this.queue.then(() => this.converge(deckies, topologies));
    this.queue = run.catch(() => {});
    return run;
  }

  private async converge(deckies: readonly DeckySpec[], topologies: readonly DesiredTopology[]): Promise<void> {
    if (this.closed) throw new Error('local runtime is closed');
    const desired = new Map(deckies.map((d) => [d.name, d]));
    const topo = planLocalTopologies(topologies, deckies, this.topoPlan?.blockOf);
    // A topology decky whose LAN addresses changed (attach/detach) restarts on the new ones.
    const moved = (s: DeckySlot): boolean => {
      const want = topo.addresses.get(s.spec.name);
      return want ? want.join(',') !== s.addresses.join(',') : this.topoPlan?.bind.has(s.spec.name) === true;
    };
    const stale = [...this.slots.values()].filter((s) => desired.get(s.spec.name) === undefined || s.key !== deckyKey(desired.get(s.spec.name)!) || moved(s));
    await Promise.all(stale.map((s) => s.stop()));
    for (const s of stale) {
      this.slots.delete(s.spec.name);
      // A removed decky frees its address; so does a changed ip= (it may now get the one it asks for).
      if (desired.get(s.spec.name)?.ip === s.spec.ip && desired.has(s.spec.name) && !moved(s)) continue;
      this.addresses.delete(s.spec.name);
    }
    const reserved = (ip: string): boolean => topo.blocks.has(Number(ip.split('.')[1]));
    const ips = assignLoopback([...desired.keys()], this.addresses, (n) => topo.bind.get(n) ?? desired.get(n)?.ip, undefined, reserved);
    for (const [name, want] of topo.bind) {
      if (ips.get(name) === want) continue;
      const t = topologies.find((x) => x.members.some((m) => m.decky === name));
      if (t) topo.outcome.get(t.id)?.errors.push(`decky ${name}: loopback address ${want} is taken`);
    }
    this.topologies = topologies;
    this.topoPlan = topo;
    for (const t of topologies) if ((topo.outcome.get(t.id)?.errors.length ?? 0) === 0) this.appliedVersions.set(t.id, t.version);
    const starting: Array<Promise<void>> = [];
    this.env.runners.balanceFor(desired.size);
    for (const spec of desired.values()) {
      const existing = this.slots.get(spec.name);
      if (existing) {
        existing.spec = spec; // same key: only non-restarting fields (mutate interval) changed
        continue;
      }
      const ip = ips.get(spec.name)!;
      this.addresses.set(spec.name, ip);
      const slot = new DeckySlot(spec, deckyKey(spec), ip, this.env, ip === topo.bind.get(spec.name) ? topo.addresses.get(spec.name)?.slice(1) : []);
      this.slots.set(spec.name, slot);
      // Real OpenSSH in a container exists on the docker runtime only: refused, never served by the emulator instead.
      if (isHighInteraction(spec)) {
        slot.markFailed(HIGH_INTERACTION_LOCAL_REFUSAL);
        continue;
      }
      starting.push(slot.start().catch((e: unknown) => slot.markFailed(`start failed: ${(e as Error).message}`)));
    }
    await Promise.all(starting);
    this.writeState();
  }

  report(): DeckyReport[] {
    return [...this.slots.values()].map((s) => s.report());
  }

  /** Never isolated; degraded when a member could not be placed or its runner failed. */
  reportTopologies(): TopologyReport[] {
    return this.topologies.map((t) => {
      const out = this.topoPlan?.outcome.get(t.id);
      const failed = t.members.map((m) => this.slots.get(m.decky)?.report()).filter((r) => r?.state === 'failed').map((r) => `decky ${r!.name} failed: ${r!.error ?? ''}`);
      const errors = [...(out?.errors ?? []), ...failed];
      const placed = t.members.some((m) => this.topoPlan?.bind.has(m.decky));
      const state = errors.length === 0 ? 'active' : placed ? 'degraded' : 'failed';
      const error = [...errors, ...(out?.notes ?? [])].join('; ').slice(0, 2048);
      return { id: t.id, appliedVersion: this.appliedVersions.get(t.id) ?? 0, state, ...(error && { error }), isolated: false };
    });
  }

  /** Where each service listens (address and real or mapped port), for `status` and `deploy`. */
  endpoints(): DeckyEndpoint[] {
    return [...this.slots.values()].flatMap((s) => s.endpoints());
  }

  async logStreams(): Promise<DeckyLogStreamInfo[]> {
    return allLogFiles(this.paths.logs).map((f) => ({ decky: f.decky, stream: f.stream, live: this.hub.isLive(f.stream) }));
  }

  async follow(stream: string, afterPosition: string | undefined, onLine: (l: DeckyLogLine) => Promise<void> | void, signal: AbortSignal): Promise<void> {
    const path = logPathOf(this.paths.logs, stream);
    if (!path) throw new Error(`not a local runtime stream: ${stream.slice(0, 128)}`);
    const decky = stream.split('/')[1]!;
    await followFile({ path, decky, stream, afterPosition, hub: this.hub, onLine, signal, pollMs: this.o.followPollMs ?? 1000 });
  }

  private scheduleState(): void {
    if (this.stateTimer) return;
    this.stateTimer = setTimeout(() => {
      this.stateTimer = undefined;
      this.writeState();
    }, 50);
  }

  private writeState(): void {
    const deckies = [...this.slots.values()].map((s) => ({ ...s.report(), address: s.address, restarts: s.restarts, endpoints: s.endpoints(), ...(s.pid !== undefined && { pid: s.pid }) }));
    try {
      writeLocalState(this.paths.state, { v: 1, pid: process.pid, updatedAt: new Date().toISOString(), deckies });
    } catch (e) {
      this.env.log(`local runtime: cannot write ${this.paths.state}: ${(e as Error).message}`);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await Promise.all([...this.slots.values()].map((s) => s.stop()));
    this.slots.clear();
    await this.env.runners.close();
    clearTimeout(this.stateTimer);
    this.stateTimer = undefined;
    this.writeState();
  }
}
