// Attacker uploads (scp/sftp files, mail bodies): hashed with SHA-256 and stored under the
// decky's artifacts directory with a sanitized name, within a per-runner byte quota.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CapturedArtifact } from '../template';

export interface ArtifactStoreOptions {
  /** Where files go; undefined keeps hashes only. */
  dir: string | undefined;
  /** Per-file cap (the session's maxCaptureBytes). */
  maxFileBytes: number;
  /** Total bytes this runner may write before it keeps hashes only. */
  quotaBytes: number;
}

/** Attacker-chosen names: keep [A-Za-z0-9._-], no leading dots, at most 64 characters. */
export function safeArtifactName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '').slice(0, 64);
  return clean === '' ? 'upload' : clean;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export class ArtifactStore {
  private usedBytes = 0;

  constructor(private readonly opts: ArtifactStoreOptions) {}

  get bytesStored(): number {
    return this.usedBytes;
  }

  async capture(service: string, name: string, data: Uint8Array, now: Date): Promise<CapturedArtifact> {
    const kept = data.length > this.opts.maxFileBytes ? data.subarray(0, this.opts.maxFileBytes) : data;
    const sha256 = createHash('sha256').update(kept).digest('hex');
    const result: CapturedArtifact = { sha256, size: kept.length };
    if (!this.opts.dir || this.usedBytes + kept.length > this.opts.quotaBytes) return result;
    this.usedBytes += kept.length;
    const rel = join(safeArtifactName(service), `${stamp(now)}_${sha256.slice(0, 12)}_${safeArtifactName(name)}`);
    try {
      await mkdir(join(this.opts.dir, safeArtifactName(service)), { recursive: true, mode: 0o700 });
      await writeFile(join(this.opts.dir, rel), kept, { mode: 0o600, flag: 'wx' });
      result.storedAs = rel;
    } catch {
      this.usedBytes -= kept.length;
    }
    return result;
  }
}
