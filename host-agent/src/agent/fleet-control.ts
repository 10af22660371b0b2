// Remote control on the agent side (issue 19): runs the commands the control plane put in the
// desired state (each id once, remembered across restarts; a high-interaction reset goes to the
// runtime), acknowledges them on POST /agent/v1/acks, remembers which workers the operator stopped
// (they stay stopped across an agent restart until started), and carries out a decommission:
// deckies torn down, ack sent, identity and state forgotten.
import { UNSTOPPABLE_WORKERS, type CommandAck, type FleetCommand } from '@decnet/protocol';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentPaths } from '../config/paths';
import type { DeckyRuntime } from '../runtime/decky-runtime';
import type { CallOptions, CallOutcome } from '../uplink/mtls-client';
import { sleep } from '../workers/backoff';
import type { WorkerControlAction } from '../workers/supervisor';

/** How many command ids (with their acks) are remembered, so a re-delivered one is only re-acked. */
const REMEMBERED = 256;
const ACK_ATTEMPTS = 6;

export interface FleetControlDeps {
  call(o: CallOptions): Promise<CallOutcome>;
  controlWorker(name: string, action: WorkerControlAction): Promise<void>;
  rotateDecky(name: string): Promise<{ from: string[]; to: string[] }>;
  /** Resets a high-interaction decky's container to its image (docker runtime); its new container id. */
  resetDecky(name: string): Promise<string>;
  /** Tears every decky down (desired store emptied and the runtime applied with nothing). */
  teardownAll(): Promise<void>;
  /** Stops the workers that talk to the control plane (after the decommission ack). */
  stopControlPlaneWorkers(): Promise<void>;
  paths: AgentPaths;
  log(m: string): void;
  retryBaseMs?: number;
}

/** The runtime's on-demand high-interaction reset (docker only); other runtimes refuse with the reason. */
export function runtimeReset(runtime: DeckyRuntime): (name: string) => Promise<string> {
  const r = runtime as DeckyRuntime & { resetHighInteraction?: (name: string) => Promise<string> };
  if (typeof r.resetHighInteraction === 'function') return (name) => r.resetHighInteraction!(name);
  return async () => {
    throw new Error(`the ${runtime.kind} runtime has no high-interaction deckies to reset (docker runtime only)`);
  };
}

export class FleetControl {
  private readonly done = new Map<string, CommandAck>();
  private readonly running = new Set<string>();
  private readonly file: string;
  private readonly stoppedFile: string;
  private readonly stopped = new Set<string>();
  decommissioned = false;

  constructor(private readonly d: FleetControlDeps) {
    this.file = join(d.paths.dataDir, 'commands-done.json');
    this.stoppedFile = join(d.paths.dataDir, 'workers-stopped.json');
    try {
      for (const a of JSON.parse(readFileSync(this.file, 'utf8')) as CommandAck[]) this.done.set(a.id, a);
    } catch {
      // none yet
    }
    try {
      const names = JSON.parse(readFileSync(this.stoppedFile, 'utf8')) as unknown;
      if (Array.isArray(names)) for (const n of names) if (typeof n === 'string' && !UNSTOPPABLE_WORKERS.includes(n)) this.stopped.add(n);
    } catch {
      // none stopped
    }
  }

  /** Workers an operator stopped: the supervisor leaves them stopped when the agent starts. */
  stoppedWorkers(): ReadonlySet<string> {
    return this.stopped;
  }

  /** Runs the new commands in order, then acks every command of the list (re-acks lost acks). */
  async run(commands: readonly FleetCommand[]): Promise<void> {
    const acks: CommandAck[] = [];
    for (const c of commands) {
      if (this.running.has(c.id)) continue; // e.g. the desired-state worker restarting itself re-delivers it
      let ack = this.done.get(c.id);
      if (!ack) {
        this.running.add(c.id);
        try {
          ack = await this.execute(c);
        } finally {
          this.running.delete(c.id);
        }
        this.remember(ack);
      }
      acks.push(ack);
    }
    if (acks.length) await this.ack(acks);
  }

  private async execute(c: FleetCommand): Promise<CommandAck> {
    try {
      if (c.kind === 'worker') {
        this.d.log(`command ${c.id}: ${c.action} worker ${c.worker}`);
        await this.d.controlWorker(c.worker, c.action);
        this.rememberStopped(c.worker, c.action === 'stop');
        return { id: c.id, ok: true, result: `${c.worker} ${c.action === 'stop' ? 'stopped' : 'running'}` };
      }
      if (c.kind === 'reset_decky') {
        this.d.log(`command ${c.id}: reset high-interaction decky ${c.decky}`);
        const id = await this.d.resetDecky(c.decky);
        return { id: c.id, ok: true, result: `${c.decky} reset to its image (container ${id.slice(0, 12)})` };
      }
      this.d.log(`command ${c.id}: rotate decky ${c.decky}`);
      const r = await this.d.rotateDecky(c.decky);
      const same = r.from.join(',') === r.to.join(',');
      return { id: c.id, ok: true, result: (same ? `unchanged: ${r.to.join(',')}` : `${r.from.join(',')} -> ${r.to.join(',')}`).slice(0, 1024) };
    } catch (e) {
      return { id: c.id, ok: false, error: String((e as Error).message ?? e).slice(0, 1024) };
    }
  }

  private remember(a: CommandAck): void {
    this.done.set(a.id, a);
    while (this.done.size > REMEMBERED) this.done.delete(this.done.keys().next().value!);
    try {
      writeFileSync(`${this.file}.tmp`, JSON.stringify([...this.done.values()]), { mode: 0o600 });
      renameSync(`${this.file}.tmp`, this.file);
    } catch {
      // a full disk: the worst case is running a command twice after a restart
    }
  }

  private rememberStopped(worker: string, stopped: boolean): void {
    if (stopped === this.stopped.has(worker)) return;
    if (stopped) this.stopped.add(worker);
    else this.stopped.delete(worker);
    try {
      writeFileSync(`${this.stoppedFile}.tmp`, JSON.stringify([...this.stopped]), { mode: 0o600 });
      renameSync(`${this.stoppedFile}.tmp`, this.stoppedFile);
    } catch {
      // a full disk: the worst case is a stopped worker starting again after a restart
    }
  }

  /** POST /agent/v1/acks with a few retries; a lost ack is sent again when the command is re-delivered. */
  private async ack(acks: CommandAck[], decommissioned = false): Promise<boolean> {
    const body = JSON.stringify({ acks, ...(decommissioned && { decommissioned: true }) });
    for (let i = 0; i < ACK_ATTEMPTS; i++) {
      const o = await this.d.call({ method: 'POST', path: '/agent/v1/acks', body, timeoutMs: 15_000 });
      if (o.kind === 'ok') return true;
      this.d.log(`ack failed: ${o.status} ${o.code}: ${o.message}`);
      if (o.kind !== 'retry') return false;
      await sleep((this.d.retryBaseMs ?? 500) * 2 ** i);
    }
    return false;
  }

  /** The control plane decommissioned this host: tear down, say so, forget the identity, go quiet. */
  async decommission(): Promise<void> {
    if (this.decommissioned) return;
    this.decommissioned = true;
    this.d.log('DECOMMISSIONED by the control plane: tearing deckies down and forgetting this identity');
    try {
      await this.d.teardownAll();
    } catch (e) {
      this.d.log(`teardown: ${(e as Error).message}`);
    }
    const acked = await this.ack([], true);
    if (!acked) this.d.log('the decommission ack did not reach the control plane; forgetting the identity anyway');
    await this.d.stopControlPlaneWorkers();
    const p = this.d.paths;
    for (const f of [p.keyPem, p.certPem, p.caPem, p.desiredState, join(p.dataDir, 'mutator-state.json'), this.file, this.stoppedFile]) rmSync(f, { force: true });
    rmSync(join(p.dataDir, 'tls'), { recursive: true, force: true });
    this.d.log('identity forgotten: run `decnet-agent enroll` with a new token to join again');
  }
}
