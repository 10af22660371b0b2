// Mutator worker (inventory §4): applies the desired deckies to the runtime (re-applied until it
// succeeds), rotates each decky's services every `mutateIntervalMin` or on `decky/<n>/mutate_request`
// (DECNET: 1-3 new services from the archetype's pool, else from every service this build runs),
// publishes `decky/<n>/mutation`, and publishes each decky's actual state on `decky/<n>/state`.
import { deckyMutation, deckyState, Patterns, type DeckyReport, type DeckySpec } from '@decnet/protocol';
import { z } from 'zod';
import { localDesiredStamp, readLocalDesired } from '../../fleet/local-desired';
import { pickServices, serviceSetKey } from '../../fleet/service-pick';
import type { DeckyRuntime } from '../../runtime/decky-runtime';
import type { Worker, WorkerContext, WorkerHealth } from '../worker';
import type { DesiredStore } from './desired-store';
import { MutationState } from './mutation-state';

/** What the mutator needs of the bus (BusClient fits). */
export interface MutatorBus {
  publish<T>(topic: string, type: string, payload: T): void;
  subscribe(pattern: string, schema: z.ZodType, handler: (envelope: unknown, topic: string) => void | Promise<void>): Promise<void>;
  readonly connected?: boolean;
  close(): Promise<void>;
}

export interface MutatorWorkerDeps extends WorkerContext {
  runtime: DeckyRuntime;
  desired: DesiredStore;
  /** Set when not enrolled: the local fleet file (`deploy`/`teardown`), polled into `desired`. */
  localDesiredFile?: string;
  /** `<dataDir>/mutator-state.json`. */
  stateFile: string;
  /** Services a decky may rotate to (its archetype's, else all this build runs). */
  servicePool(spec: DeckySpec): readonly string[];
  openBus?(): MutatorBus;
  /** After each runtime apply (done or failed): the heartbeat reports the result at once. */
  onApplied?(): void;
  tickMs?: number;
  nowMs?: () => number;
  random?: () => number;
}

export interface MutationPayload {
  decky: string;
  oldServices: string[];
  newServices: string[];
  reason: 'interval' | 'request';
}

export class MutatorWorker implements Worker {
  private state!: MutationState;
  private bus: MutatorBus | undefined;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private queue: Promise<void> = Promise.resolve();
  private appliedRevision = -1;
  private needsApply = false;
  private ticking = false;
  private fileStamp: string | undefined | null = null;
  private published = new Map<string, string>();
  private readonly counters = { applies: 0, applyErrors: 0, mutations: 0, deckies: 0 };
  private lastError: string | undefined;
  private readonly now: () => number;

  constructor(private readonly d: MutatorWorkerDeps) {
    this.now = d.nowMs ?? Date.now;
  }

  async start(): Promise<void> {
    this.state = new MutationState(this.d.stateFile);
    this.bus = this.d.openBus?.();
    void this.bus?.subscribe(Patterns.allMutateRequests, z.unknown(), (_env, topic) => this.requested(topic)).catch((e: unknown) => this.d.log(`mutate_request subscription: ${(e as Error).message}`));
    this.pollFile();
    this.unsubscribe = this.d.desired.subscribe(() => void this.enqueue(() => this.reconcile()));
    await this.enqueue(() => this.reconcile());
    this.timer = setInterval(() => this.tick(), this.d.tickMs ?? 1000);
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(job).catch((e: unknown) => {
      this.lastError = (e as Error).message;
    });
    return this.queue;
  }

  private tick(): void {
    this.pollFile();
    if (this.ticking) return; // a slow apply must not pile up ticks behind it
    this.ticking = true;
    void this.enqueue(async () => {
      await this.reconcile();
      for (const spec of this.d.desired.get()?.deckies ?? []) if (this.state.due(spec, this.now())) await this.rotate(spec.name, 'interval');
      this.publishStates();
    }).finally(() => (this.ticking = false));
  }

  private pollFile(): void {
    const file = this.d.localDesiredFile;
    if (!file) return;
    const stamp = localDesiredStamp(file);
    if (stamp === this.fileStamp) return;
    try {
      const fleet = readLocalDesired(file);
      this.fileStamp = stamp;
      this.d.desired.set(fleet.deckies, 'local');
    } catch (e) {
      this.lastError = (e as Error).message; // keep running what we have; retried at the next tick
    }
  }

  /** Applies desired + rotations when they changed (or `force`); a failure is retried at the next tick. */
  private async reconcile(force = false): Promise<void> {
    const snap = this.d.desired.get();
    if (!snap) return; // no source has spoken yet: never tear down on an empty guess
    if (!force && !this.needsApply && snap.revision === this.appliedRevision) return;
    if (this.state.sync(snap.deckies, this.now())) this.state.save();
    this.counters.deckies = snap.deckies.length;
    try {
      await this.d.runtime.apply(snap.deckies.map((s) => this.state.effective(s)), snap.topologies);
      this.counters.applies++;
      this.appliedRevision = snap.revision;
      this.needsApply = false;
      this.lastError = undefined;
    } catch (e) {
      this.counters.applyErrors++;
      this.needsApply = true;
      this.lastError = `apply: ${(e as Error).message}`;
    }
    this.d.onApplied?.();
    this.publishStates();
  }

  private requested(topic: string): Promise<void> {
    const name = topic.split('/')[2];
    return name ? this.enqueue(() => this.rotate(name, 'request')) : Promise.resolve();
  }

  /**
   * Rotates one decky's services now (an admin's rotate command): resolves with its services after
   * the runtime applied them, rejects for a decky this host does not run or a failed apply.
   */
  async rotateNow(name: string): Promise<{ from: string[]; to: string[] }> {
    const spec = this.d.desired.get()?.deckies.find((s) => s.name === name);
    if (!spec) throw new Error(`no decky named '${name}' on this host`);
    const from = [...this.state.effective(spec).services];
    let failure: string | undefined;
    await this.enqueue(async () => {
      await this.rotate(name, 'request');
      if (this.needsApply) failure = this.lastError ?? 'apply failed';
    });
    if (failure) throw new Error(failure);
    return { from, to: [...this.state.effective(spec).services] };
  }

  private async rotate(name: string, reason: MutationPayload['reason']): Promise<void> {
    const spec = this.d.desired.get()?.deckies.find((s) => s.name === name);
    if (!spec) return;
    const current = this.state.effective(spec).services;
    const pool = this.d.servicePool(spec);
    const next = pickServices(pool, this.d.random ?? Math.random, new Set([serviceSetKey(current)]));
    this.state.mutated(name, next.length ? next : [...current], this.now());
    this.state.save();
    if (!next.length || serviceSetKey(next) === serviceSetKey(current)) return;
    this.counters.mutations++;
    this.d.log(`decky ${name}: services ${current.join(',')} -> ${next.join(',')} (${reason})`);
    await this.reconcile(true);
    const payload: MutationPayload = { decky: name, oldServices: [...current], newServices: next, reason };
    this.publish(deckyMutation(name), 'decky.mutation', payload);
  }

  /** Publishes each decky's report when it changed (and `stopped` once for a removed one). */
  private publishStates(): void {
    const reports = this.d.runtime.report();
    const seen = new Set<string>();
    for (const r of reports) {
      seen.add(r.name);
      const text = JSON.stringify(r);
      if (this.published.get(r.name) === text) continue;
      this.published.set(r.name, text);
      this.publish(deckyState(r.name), 'decky.state', r);
    }
    for (const name of [...this.published.keys()]) {
      if (seen.has(name)) continue;
      this.published.delete(name);
      const gone: DeckyReport = { name, state: 'stopped', services: [], runtime: this.d.runtime.kind };
      this.publish(deckyState(name), 'decky.state', gone);
    }
  }

  private publish<T>(topic: string, type: string, payload: T): void {
    if (this.bus && this.bus.connected !== false) this.bus.publish(topic, type, payload);
  }

  health(): WorkerHealth {
    const problem = this.lastError ?? (this.state?.lastError && `state file: ${this.state.lastError}`);
    return problem ? { status: 'degraded', message: problem, counters: this.counters } : { status: 'ok', counters: this.counters };
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    await this.queue;
    await this.bus?.close().catch(() => {});
    this.bus = undefined;
  }
}
