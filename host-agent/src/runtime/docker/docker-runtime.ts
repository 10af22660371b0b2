// The docker decky runtime: per decky an idle base container owning the address (macvlan), MAC,
// hostname and OS sysctls, plus one services container running the runner in its netns. apply()
// converges and reaps leftovers; close() leaves deckies running; teardown() removes everything.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type Dockerode from 'dockerode';
import { isHighInteraction, type DeckyReport, type DeckySpec, type DesiredTopology, type TopologyReport } from '@decnet/protocol';
import type { DeckyRuntime } from '../decky-runtime';
import type { DeckyLogLine, DeckyLogSource, DeckyLogStreamInfo } from '../log-stream';
import { applyFleet, listManaged, mapLimit, removeContainer, type FleetContext } from './apply-fleet';
import type { Observed } from './converge';
import { deckyReport, type DeckyNotes } from './decky-state';
import { EventWatch } from './event-watch';
import { CUSTOM_ROLE, wrapCustomLine } from './custom-containers';
import { HI_ROLE } from './hi-container';
import { checkHiLine, dueForReset, HI_CHECK_INTERVAL_MS, resetHighInteraction } from './hi-reset';
import { containerIdOf, ENDED_STATES, followContainerLogs, streamId } from './log-follow';
import { decodePosition } from './log-position';
import { isNotFound, removeManagedNetworks } from './macvlan-network';
import { createClient, resolveOptions, type DockerRuntimeOptions, type ResolvedOptions } from './options';
import { finishTopologies, prepareTopologies, topologyReports } from './topology-apply';
import { reapTopologyNetworks } from './topology-networks';
import { recheckNetns, type NetnsSeen } from './netns-recheck';
import type { MemberPlan } from './topology-plan';
import { StackPersonalityManager } from './stack-personality/manager';
import { personalityTargets } from './stack-personality/targets';

const RETIRE_DRAIN_MS = 3_000;
/** Self-healing re-applies at most this often (a services container that cannot start stays failed). */
const HEAL_MIN_INTERVAL_MS = 15_000;
/**
 * A decky seen broken is re-listed after this before healing: `docker restart` or a restart policy
 * passes through `exited` for a moment, and a converge racing docker's own start would recreate (or
 * lose) the services container of a base that was about to run again.
 */
const HEAL_GRACE_MS = 2_000;

export class DockerRuntime implements DeckyRuntime, DeckyLogSource {
  readonly kind = 'docker' as const;
  readonly docker: Dockerode;
  readonly options: ResolvedOptions;
  private desired: readonly DeckySpec[] = [];
  private topologies: readonly DesiredTopology[] = [];
  private topoReports: TopologyReport[] = [];
  /** Topology id -> the version last realised without error; torn-down ones are reported until desired again. */
  private readonly topoApplied = new Map<string, number>();
  private readonly tornDown = new Map<string, TopologyReport>();
  /** decky -> pid of the base whose netns was last made right (a restart outside apply changes it). */
  private readonly netnsSeen: NetnsSeen = { routed: new Map(), homed: new Map() };
  /** decky -> last reconciled LANs and routes on which base (unchanged members are skipped). */
  private readonly topoDone = new Map<string, string>();
  /** The last pass's topology members by decky, for the restart re-check. */
  private members = new Map<string, MemberPlan>();
  private recheckQueued = false;
  /** Duration of the last apply's phases, for `status` and the bench. */
  lastApplyMs: { topologyPrepare: number; fleet: number; topologyFinish: number } | undefined;
  private applied = false;
  private readonly notes = new Map<string, DeckyNotes>();
  private readonly busy = new Set<string>();
  private observed: Observed[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private readonly followers = new Map<string, number>();
  private readonly followAborts = new Set<AbortController>();
  private readonly events: EventWatch;
  private readonly warn: (m: string) => void;
  private lastHealMs = 0;
  private healTimer: NodeJS.Timeout | undefined;
  /** High-interaction deckies: scheduled and disk-cap resets (hi-reset.ts). */
  private hiTimer: NodeJS.Timeout | undefined;
  /** Per-decky TCP/IP stack personality (stack-personality/README.md); off with `stackPersonality: false`. */
  readonly personality: StackPersonalityManager | undefined;

  constructor(options: DockerRuntimeOptions & { log?: (message: string) => void; stackPersonality?: boolean }) {
    this.options = resolveOptions(options);
    this.docker = createClient(options);
    this.warn = options.log ?? ((m) => process.stderr.write(`docker-runtime: ${m}\n`));
    if (options.stackPersonality !== false) this.personality = new StackPersonalityManager({ binDir: join(this.options.dataDir, 'bin'), warn: this.warn });
    this.events = new EventWatch(this.docker, this.options.labelPrefix, () => this.refresh().then(() => this.heal()), this.warn);
  }

  /** Converge on the desired set; the first call also reaps leftovers of earlier runs. */
  apply(deckies: readonly DeckySpec[], topologies: readonly DesiredTopology[] = []): Promise<void> {
    return this.serial(async () => {
      this.desired = deckies;
      this.topologies = topologies;
      this.applied = false;
      this.notes.clear();
      for (const d of deckies) this.busy.add(d.name);
      this.events.start();
      this.hiTimer ??= setInterval(() => this.hiTick(), HI_CHECK_INTERVAL_MS).unref();
      const ctx: FleetContext = {
        docker: this.docker,
        opts: this.options,
        retire: (id) => this.retire(id),
        deckyDone: (name, notes) => {
          this.notes.set(name, notes);
          this.busy.delete(name);
        },
        warn: this.warn,
      };
      const gone = this.topoReports.filter((r) => !topologies.some((t) => t.id === r.id));
      try {
        const t0 = Date.now();
        const pass = await prepareTopologies(this.docker, this.options, topologies, deckies);
        const t1 = Date.now();
        await applyFleet(ctx, deckies, pass.placements);
        await this.refresh();
        const t2 = Date.now();
        await finishTopologies(this.docker, this.options, pass, this.notes, this.observed, this.warn, this.topoDone, this.netnsSeen.routed);
        this.members = new Map(pass.plans.flatMap((p) => p.members.map((m) => [m.decky, m] as const)));
        await this.syncPersonality();
        this.lastApplyMs = { topologyPrepare: t1 - t0, fleet: t2 - t1, topologyFinish: Date.now() - t2 };
        this.topoReports = topologyReports(pass, this.topoApplied);
        for (const r of gone) this.tornDown.set(r.id, { id: r.id, appliedVersion: r.appliedVersion, state: 'torn_down', isolated: true });
        for (const t of topologies) this.tornDown.delete(t.id);
        for (const id of [...this.tornDown.keys()].slice(0, -16)) this.tornDown.delete(id);
      } finally {
        this.busy.clear();
        this.applied = true;
        await this.refresh();
      }
    });
  }

  report(): DeckyReport[] {
    return this.desired.map((spec) => {
      const mine = this.observed.filter((o) => o.decky === spec.name);
      return deckyReport({
        spec,
        base: mine.find((o) => o.role === 'base'),
        svc: mine.find((o) => o.role === 'services'),
        notes: this.notes.get(spec.name),
        busy: this.busy.has(spec.name),
        applied: this.applied,
      });
    });
  }

  /** Per desired topology what the last pass realised (none before the first), then recently torn-down ones. */
  reportTopologies(): TopologyReport[] {
    return [...this.topoReports, ...this.tornDown.values()];
  }

  /** Stops watching docker and ends log follows; deckies keep running (restart policy unless-stopped). */
  async close(): Promise<void> {
    this.events.stop();
    clearTimeout(this.healTimer);
    this.healTimer = undefined;
    clearInterval(this.hiTimer);
    this.hiTimer = undefined;
    for (const c of this.followAborts) c.abort();
    await this.queue.catch(() => undefined);
    await this.personality?.stopAll(); // the rules stay in each netns and let packets through until the next start
  }

  /** Removes every container and network this runtime manages (label `<prefix>.managed=true`). */
  teardown(): Promise<void> {
    return this.serial(async () => {
      this.desired = [];
      this.topologies = [];
      this.topoDone.clear();
      this.netnsSeen.routed.clear();
      this.netnsSeen.homed.clear();
      this.members.clear();
      this.notes.clear();
      await this.personality?.stopAll(true);
      const ctx = { docker: this.docker, opts: this.options, retire: (id: string) => this.retire(id), deckyDone: () => undefined, warn: this.warn };
      await mapLimit(await listManaged(this.docker, this.options), this.options.concurrency, (o) => removeContainer(ctx, o));
      for (const err of await reapTopologyNetworks(this.docker, this.options, [])) this.warn(err);
      this.topoReports = [];
      for (const err of await removeManagedNetworks(this.docker, this.options, false)) this.warn(err);
      await this.refresh();
    });
  }

  async logStreams(): Promise<DeckyLogStreamInfo[]> {
    const all = await listManaged(this.docker, this.options);
    return all.filter((o) => (o.role === 'services' || o.role === CUSTOM_ROLE || o.role === HI_ROLE) && o.decky).map((o) => ({ decky: o.decky!, stream: streamId(o.id), live: !ENDED_STATES.has(o.state) }));
  }

  async follow(stream: string, afterPosition: string | undefined, onLine: (l: DeckyLogLine) => Promise<void> | void, signal: AbortSignal): Promise<void> {
    const id = containerIdOf(stream);
    if (!id || signal.aborted) return;
    let decky: string | undefined;
    let customService: string | undefined;
    let hiService: string | undefined;
    try {
      const info = await this.docker.getContainer(id).inspect();
      decky = info.Config.Labels?.[`${this.options.labelPrefix}.decky`];
      if (info.Config.Labels?.[`${this.options.labelPrefix}.role`] === CUSTOM_ROLE) customService = info.Config.Labels[`${this.options.labelPrefix}.service`] ?? 'custom';
      if (info.Config.Labels?.[`${this.options.labelPrefix}.role`] === HI_ROLE) hiService = info.Config.Labels[`${this.options.labelPrefix}.service`] ?? 'ssh';
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (!decky) return; // not one of ours
    const ac = new AbortController();
    const onAbort = (): void => ac.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    this.followAborts.add(ac);
    this.followers.set(id, (this.followers.get(id) ?? 0) + 1);
    try {
      const deckyName = decky;
      // A bring-your-own service writes whatever it writes: its lines become events of that service.
      const deliver = customService === undefined ? onLine : (l: DeckyLogLine) => onLine({ ...l, line: wrapCustomLine(l.line, deckyName, customService, new Date(Number(decodePosition(l.position).tsNs / 1_000_000n))) });
      // A high-interaction container is root-writable by the intruder: only its decky's ssh/telnet events pass.
      const hiSvc = hiService;
      const checked = hiSvc === undefined ? deliver : (l: DeckyLogLine) => (checkHiLine(l.line, deckyName, hiSvc) === undefined ? undefined : onLine(l));
      await followContainerLogs({ docker: this.docker, containerId: id, decky, afterPosition, onLine: checked, signal: ac.signal });
    } finally {
      const n = (this.followers.get(id) ?? 1) - 1;
      if (n <= 0) this.followers.delete(id);
      else this.followers.set(id, n);
      this.followAborts.delete(ac);
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Resets a high-interaction decky's container to its image now (on demand); returns its new id. */
  resetHighInteraction(name: string): Promise<string> {
    return this.serial(async () => {
      const spec = this.desired.find((d) => d.name === name);
      if (!spec) throw new Error(`no desired decky named ${name}`);
      await this.refresh();
      try {
        return await resetHighInteraction(this.docker, this.options, spec, this.observed);
      } finally {
        await this.refresh();
      }
    });
  }

  /** Resets the high-interaction deckies due now (schedule, disk cap); what it reset and why. Runs every minute. */
  checkHighInteraction(): Promise<Array<{ decky: string; reason: string }>> {
    return this.serial(async () => {
      const done: Array<{ decky: string; reason: string }> = [];
      for (const d of await dueForReset(this.docker, this.desired, this.observed, Date.now())) {
        this.warn(`high-interaction ${d.spec.name}: reset to its image (${d.reason})`);
        try {
          await resetHighInteraction(this.docker, this.options, d.spec, this.observed);
          done.push({ decky: d.spec.name, reason: d.reason });
        } catch (e) {
          this.warn(`reset ${d.spec.name}: ${(e as Error).message}`);
        }
        await this.refresh();
      }
      return done;
    });
  }

  private hiTick(): void {
    if (!this.applied || this.busy.size > 0 || !this.desired.some((d) => isHighInteraction(d))) return;
    this.checkHighInteraction().catch((e: unknown) => this.warn(`high-interaction check: ${(e as Error).message}`));
  }

  /** Re-reads container states (also triggered by docker events). */
  async refresh(): Promise<void> {
    try {
      this.observed = await listManaged(this.docker, this.options);
    } catch (e) {
      this.warn(`list containers: ${(e as Error).message}`);
    }
  }

  /**
   * Docker events showed a desired decky broken outside apply(): e.g. after a daemon restart docker
   * may start a services container before its base and give up ("cannot join network of a non
   * running container"). Converge again, throttled.
   */
  private heal(): void {
    if (!this.applied || this.busy.size > 0) return;
    if (!this.broken() || this.healTimer || Date.now() - this.lastHealMs < HEAL_MIN_INTERVAL_MS) return this.recheck();
    this.healTimer = setTimeout(() => {
      this.healTimer = undefined;
      void this.refresh().then(() => {
        if (!this.applied || this.busy.size > 0 || !this.broken()) return this.recheck();
        this.lastHealMs = Date.now();
        this.apply(this.desired, this.topologies).catch((e: unknown) => this.warn(`heal: ${(e as Error).message}`));
        this.recheck(); // after it: a base apply() kept may have restarted (its services container to move)
      });
    }, HEAL_GRACE_MS);
  }

  private broken(): boolean {
    return this.desired.some((spec) => {
      if (this.notes.get(spec.name)?.error) return false;
      const mine = this.observed.filter((o) => o.decky === spec.name);
      const base = mine.find((o) => o.role === 'base');
      const svc = mine.find((o) => o.role === 'services');
      // A high-interaction container removed outside apply (`decnet-agent reset`) comes back from its image.
      const hiGone = isHighInteraction(spec) && !this.notes.get(spec.name)?.customProblems?.length && !mine.some((o) => o.role === HI_ROLE);
      return base?.state !== 'running' || !svc || svc.state === 'exited' || svc.state === 'dead' || hiGone;
    });
  }

  /**
   * Nothing is broken, but a base may have restarted (fresh netns): re-home its services container and
   * re-set its topology routes (netns-recheck.ts). Queued behind apply(); bursts of events coalesce.
   */
  private recheck(): void {
    if (this.recheckQueued) return;
    this.recheckQueued = true;
    void this.serial(async () => {
      this.recheckQueued = false;
      if (!this.applied) return;
      const r = await recheckNetns(this.docker, this.observed, this.members, this.netnsSeen, this.options.concurrency);
      if (r.rehomed.length > 0) this.warn(`re-homed after a restart: ${r.rehomed.slice(0, 16).join(', ')}`);
      for (const err of r.errors) this.warn(`re-check: ${err}`);
      await this.syncPersonality(); // a restarted base has a fresh netns: rules and relay again
      this.topoReports = degradeOnErrors(this.topoReports, this.members, r.errors);
    }).catch((e: unknown) => this.warn(`re-check: ${(e as Error).message}`));
  }

  private async syncPersonality(): Promise<void> {
    if (!this.personality) return;
    for (const err of await this.personality.sync(await personalityTargets(this.docker, this.desired, this.observed))) this.warn(err);
  }

  /** Graceful stop of a services container so its last lines reach the followers before removal. */
  private async retire(id: string): Promise<void> {
    await this.docker.getContainer(id).stop({ t: 5 }).catch(() => undefined);
    const deadline = Date.now() + RETIRE_DRAIN_MS;
    while ((this.followers.get(id) ?? 0) > 0 && Date.now() < deadline) await sleep(50);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** A topology whose member failed its re-check is degraded with the reason (applied version kept). */
function degradeOnErrors(reports: TopologyReport[], members: ReadonlyMap<string, MemberPlan>, errors: readonly string[]): TopologyReport[] {
  return reports.map((r) => {
    const mine = errors.filter((e) => members.get(/^decky (\S+):/.exec(e)?.[1] ?? '')?.topologyId === r.id);
    if (mine.length === 0) return r;
    return { ...r, state: 'degraded', error: [r.error, ...mine].filter(Boolean).join('; ').slice(0, 2048) };
  });
}
