// Where self-update keeps its files, all in the data directory (the spool, identity and state stay
// where they are): unpacked releases side by side under releases/versions/, a `current` symlink the
// supervisor starts, and update.json, the one record of the switch in progress and how it ended.
import { existsSync, mkdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const UpdateStateSchema = z.object({
  /** The push id from the desired state. */
  id: z.string().max(64),
  version: z.string().max(64),
  sha256: z.string().max(64),
  phase: z.enum(['downloading', 'switching', 'healthy', 'rolled_back', 'failed']),
  reason: z.string().max(1024).optional(),
  fromRoot: z.string().max(4096).optional(),
  fromVersion: z.string().max(64).optional(),
  toRoot: z.string().max(4096).optional(),
  /** The new version must be healthy by then, or the supervisor switches back. */
  deadlineMs: z.number().optional(),
  /** Whether the control plane acknowledged this phase. */
  reported: z.boolean(),
});
export type UpdateState = z.infer<typeof UpdateStateSchema>;

/** The bin script every bundle (and the checkout) has at the same place. */
export const LAUNCHER_REL = 'host-agent/bin/decnet-agent.mjs';

/** Whether two paths name the same directory (symlinks and trailing slashes aside). */
export function sameDir(a: string | undefined, b: string): boolean {
  if (!a) return false;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

export class UpdateLayout {
  readonly dir: string;
  readonly versionsDir: string;
  readonly current: string;
  readonly stateFile: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'releases');
    this.versionsDir = join(this.dir, 'versions');
    this.current = join(this.dir, 'current');
    this.stateFile = join(this.dir, 'update.json');
  }

  versionDir(version: string, sha256: string): string {
    return join(this.versionsDir, `${version}-${sha256.slice(0, 12)}`);
  }

  /** The root the `current` link points at, when it is set and holds an agent. */
  currentRoot(): string | undefined {
    try {
      const root = readlinkSync(this.current);
      return existsSync(join(root, LAUNCHER_REL)) ? root : undefined;
    } catch {
      return undefined;
    }
  }

  /** Points `current` at `root` atomically (a new link renamed over the old one). */
  switchTo(root: string): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o750 });
    const tmp = `${this.current}.tmp`;
    rmSync(tmp, { force: true });
    symlinkSync(root, tmp);
    renameSync(tmp, this.current);
  }

  readState(): UpdateState | undefined {
    try {
      const r = UpdateStateSchema.safeParse(JSON.parse(readFileSync(this.stateFile, 'utf8')));
      return r.success ? r.data : undefined;
    } catch {
      return undefined;
    }
  }

  writeState(s: UpdateState): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o750 });
    writeFileSync(`${this.stateFile}.tmp`, JSON.stringify(s), { mode: 0o640 });
    renameSync(`${this.stateFile}.tmp`, this.stateFile);
  }

  /** Rolls the switch back: `current` to where it came from, the reason recorded for the next report. */
  rollBack(s: UpdateState, reason: string): UpdateState {
    if (s.fromRoot) this.switchTo(s.fromRoot);
    const next: UpdateState = { ...s, phase: 'rolled_back', reason: reason.slice(0, 1024), reported: false };
    this.writeState(next);
    return next;
  }
}
