// The realism self-test asked for in the desired state (issue 17): each request id runs once (remembered
// across restarts in the data dir), off the long-poll path, one run at a time, bounded in time; the
// reports go to POST /agent/v1/realism-reports over the agent's mutual-TLS client.
import type { DeckySpec, SelftestRequest } from '@decnet/protocol';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localRuntimePaths, readLocalState, type LocalDeckyState } from '../runtime/local/state-file';
import { runSelftest, type SelftestOptions, type SelftestTarget } from '../selftest/run';
import { selftestTargets } from '../selftest/targets';
import type { CallOptions, CallOutcome } from '../uplink/mtls-client';
import { sleep } from '../workers/backoff';

const REMEMBERED = 64;
const UPLOAD_ATTEMPTS = 5;

export interface SelftestRunnerDeps {
  call(o: CallOptions): Promise<CallOutcome>;
  dataDir: string;
  /** The local runtime's running deckies (addresses and ports); undefined for the docker runtime. */
  localDeckies(): readonly LocalDeckyState[] | undefined;
  log(m: string): void;
  /** nmap -sV (and -O when root) when installed; off makes a run take seconds, not minutes. */
  nmap: boolean;
  osScan: boolean;
  /** A run longer than this is given up (its reports are not uploaded). */
  timeoutMs?: number;
  /** How long to wait for a requested decky the runtime has not started yet. */
  startWaitMs?: number;
  retryBaseMs?: number;
}

export class SelftestRunner {
  private readonly done: string[] = [];
  private readonly file: string;
  private running: Promise<void> | undefined;
  private next: { req: SelftestRequest; specs: readonly DeckySpec[] } | undefined;

  constructor(private readonly d: SelftestRunnerDeps) {
    this.file = join(d.dataDir, 'selftest-done.json');
    try {
      const ids: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      if (Array.isArray(ids)) this.done.push(...ids.filter((x): x is string => typeof x === 'string').slice(-REMEMBERED));
    } catch {
      // none yet
    }
  }

  /** Called with each applied desired state; returns at once (the run goes on in the background). */
  handle(req: SelftestRequest | undefined, specs: readonly DeckySpec[]): void {
    if (!req || this.done.includes(req.requestId)) return;
    if (this.running) {
      this.next = { req, specs }; // one run at a time: the newest request waits for the current one
      return;
    }
    this.running = this.run(req, specs)
      .catch((e: unknown) => this.d.log(`selftest ${req.requestId}: ${(e as Error).message}`))
      .finally(() => {
        this.running = undefined;
        const n = this.next;
        this.next = undefined;
        if (n) this.handle(n.req, n.specs);
      });
  }

  /** Resolves when no run is going on (for stop and tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(req: SelftestRequest, specs: readonly DeckySpec[]): Promise<void> {
    const wanted = specs.filter((s) => !req.deckies || req.deckies.includes(s.name));
    const targets = await this.targets(wanted);
    if (targets.length === 0) {
      this.d.log(`selftest ${req.requestId}: none of the requested deckies runs on this host`);
      this.remember(req.requestId);
      return;
    }
    this.d.log(`selftest ${req.requestId}: testing ${targets.map((t) => t.spec.name).join(', ')}`);
    const opts: SelftestOptions = { nmap: this.d.nmap, osScan: this.d.osScan, requestId: req.requestId };
    const timeoutMs = this.d.timeoutMs ?? 15 * 60_000;
    let timer: NodeJS.Timeout | undefined;
    const reports = await Promise.race([
      runSelftest(targets, opts),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`gave up after ${timeoutMs} ms`)), timeoutMs))),
    ]).finally(() => clearTimeout(timer));
    if (await this.upload(JSON.stringify({ reports }))) this.remember(req.requestId);
  }

  /** The requested deckies' addresses; a local decky the mutator has not started yet is waited for (bounded). */
  private async targets(wanted: readonly DeckySpec[]): Promise<SelftestTarget[]> {
    const until = Date.now() + (this.d.startWaitMs ?? 30_000);
    for (;;) {
      const local = this.d.localDeckies();
      const targets = selftestTargets(wanted, local);
      if (!local || targets.length === wanted.length || Date.now() >= until) return targets;
      await sleep(250);
    }
  }

  private async upload(body: string): Promise<boolean> {
    for (let i = 0; i < UPLOAD_ATTEMPTS; i++) {
      const o = await this.d.call({ method: 'POST', path: '/agent/v1/realism-reports', body, timeoutMs: 30_000 });
      if (o.kind === 'ok') return true;
      this.d.log(`realism upload failed: ${o.status} ${o.code}: ${o.message}`);
      if (o.kind !== 'retry') return false;
      await sleep((this.d.retryBaseMs ?? 1000) * 2 ** i);
    }
    return false;
  }

  private remember(id: string): void {
    this.done.push(id);
    while (this.done.length > REMEMBERED) this.done.shift();
    try {
      writeFileSync(`${this.file}.tmp`, JSON.stringify(this.done), { mode: 0o600 });
      renameSync(`${this.file}.tmp`, this.file);
    } catch {
      // a full disk: the worst case is a second run after a restart
    }
  }
}

/** The agent's runner: the local runtime's state file gives addresses; nmap unless the agent was told not to. */
export function agentSelftestRunner(o: { call: SelftestRunnerDeps['call']; runtime: string; dataDir: string; log(m: string): void; nmap?: boolean }): SelftestRunner {
  const state = localRuntimePaths(o.dataDir).state;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return new SelftestRunner({
    call: o.call, dataDir: o.dataDir, log: o.log, nmap: o.nmap ?? true, osScan: root,
    localDeckies: () => (o.runtime === 'local' ? (readLocalState(state)?.deckies ?? []) : undefined),
  });
}
