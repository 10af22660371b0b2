// Self-update inside the running agent (issue 19): on a desired-state release it downloads over
// mutual TLS, verifies (SHA-256, CA signature), unpacks beside the running version, records the
// switch, points `current` at it and asks to be restarted (exit 75: the supervisor starts `current`).
// The new version, once its workers run and one heartbeat went through, marks itself healthy;
// every phase (and a rollback's reason, recorded by the supervisor) is reported to the control plane.
import type { DesiredRelease, UpdateStatusReport } from '@decnet/protocol';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CallOptions, CallOutcome } from '../../uplink/mtls-client';
import { AGENT_ROOT, AGENT_VERSION } from '../../version';
import { fetchBundle, type MtlsIdentity } from './fetch-bundle';
import { sameDir, UpdateLayout, type UpdateState } from './layout';
import { unpackBundle } from './unpack';
import { ReleaseRefused, verifyRelease } from './verify';

/** Exit code that asks the supervisor to start `current` again at once. */
export const RESTART_EXIT_CODE = 75;
export const HEALTH_DEADLINE_MS = 60_000;

export interface UpdaterDeps {
  dataDir: string;
  identity: MtlsIdentity;
  call(o: CallOptions): Promise<CallOutcome>;
  /** True when started by `run --supervise` (DECNET_AGENT_SUPERVISED): only then can it switch versions. */
  supervised: boolean;
  /** Whether every worker is running and a heartbeat went through since this process started. */
  healthy(): boolean;
  /** Stop the agent cleanly and exit with RESTART_EXIT_CODE. */
  restart(): void;
  log(m: string): void;
  healthDeadlineMs?: number;
  root?: string;
  version?: string;
}

export class Updater {
  readonly layout: UpdateLayout;
  private busy = false;
  private timer: NodeJS.Timeout | undefined;
  private reporting: Promise<void> | undefined;
  private readonly root: string;
  private readonly version: string;

  constructor(private readonly d: UpdaterDeps) {
    this.layout = new UpdateLayout(d.dataDir);
    this.root = d.root ?? AGENT_ROOT;
    this.version = d.version ?? AGENT_VERSION;
  }

  /** At start: a switch to this version waits for health; an unreported outcome is reported. */
  start(): void {
    const s = this.layout.readState();
    if (s?.phase === 'switching' && s.version === this.version && sameDir(s.toRoot, this.root)) {
      this.d.log(`update: running ${this.version} after the switch; checking health`);
      this.timer = setInterval(() => {
        if (!this.d.healthy()) return;
        clearInterval(this.timer);
        this.set({ ...s, phase: 'healthy', reported: false });
        this.d.log(`update: ${this.version} is healthy`);
      }, 250);
    } else this.flush();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The desired state's release (or none). Runs at most one update at a time. */
  handle(release: DesiredRelease | undefined): void {
    if (!release) return this.flush();
    if (this.busy) return;
    const s = this.layout.readState();
    if (s?.id === release.id) return this.flush(); // this push was handled (done, refused or rolled back): never retried
    if (release.version === this.version) {
      this.set({ id: release.id, version: release.version, sha256: release.sha256, phase: 'healthy', reported: false });
      return;
    }
    this.busy = true;
    void this.update(release).finally(() => (this.busy = false));
  }

  private async update(r: DesiredRelease): Promise<void> {
    const base = { id: r.id, version: r.version, sha256: r.sha256, reported: false };
    if (!this.d.supervised) {
      this.set({ ...base, phase: 'failed', reason: 'this agent runs without its supervisor (`decnet-agent run --supervise`, as the installed unit does): it cannot restart itself into another version' });
      return;
    }
    this.set({ ...base, phase: 'downloading' });
    const dest = this.layout.versionDir(r.version, r.sha256);
    const file = join(this.layout.dir, `download-${r.id}.tar.gz`);
    try {
      mkdirSync(this.layout.versionsDir, { recursive: true, mode: 0o750 });
      this.d.log(`update: downloading ${r.version} (${r.size} bytes)`);
      await fetchBundle(this.d.identity, r, file);
      await verifyRelease(file, r, this.d.identity.caPem);
      await unpackBundle(file, dest, r.version);
    } catch (e) {
      const why = e instanceof ReleaseRefused ? `refused: ${e.message}` : `download or unpack failed: ${(e as Error).message}`;
      this.d.log(`update: ${r.version} ${why}`);
      this.set({ ...base, phase: 'failed', reason: why });
      return;
    } finally {
      rmSync(file, { force: true });
    }
    const deadlineMs = Date.now() + (this.d.healthDeadlineMs ?? HEALTH_DEADLINE_MS);
    this.layout.writeState({ ...base, phase: 'switching', fromRoot: this.root, fromVersion: this.version, toRoot: dest, deadlineMs });
    this.layout.switchTo(dest);
    await this.report({ ...base, phase: 'switching' }).catch(() => {});
    this.d.log(`update: switching to ${r.version} (${dest}); restarting`);
    this.d.restart();
  }

  private set(s: UpdateState): void {
    this.layout.writeState(s);
    this.flush();
  }

  /** Reports the recorded phase until the control plane took it (retried on the next desired state). */
  private flush(): void {
    const s = this.layout.readState();
    if (!s || s.reported || s.phase === 'switching' || this.reporting) return;
    this.reporting = this.report(s)
      .then((ok) => {
        const now = this.layout.readState();
        if (ok && now && now.id === s.id && now.phase === s.phase) this.layout.writeState({ ...now, reported: true });
        else if (!ok) setTimeout(() => this.flush(), 5000).unref();
      })
      .catch(() => {})
      .finally(() => (this.reporting = undefined));
  }

  private async report(s: Pick<UpdateState, 'id' | 'version' | 'phase' | 'reason'>): Promise<boolean> {
    const body: UpdateStatusReport = { id: s.id, version: s.version, phase: s.phase, runningVersion: this.version, ...(s.reason && { reason: s.reason }) };
    const o = await this.d.call({ method: 'POST', path: '/agent/v1/update-status', body: JSON.stringify(body), timeoutMs: 15_000 });
    if (o.kind !== 'ok') this.d.log(`update: report ${s.phase} not taken: ${o.status} ${o.code}`);
    return o.kind === 'ok';
  }
}
