// Files dropped in the high-interaction decky (scp/sftp uploads, files written in a session): inotify
// watches on the places intruders write to; a file that settles is hashed (SHA-256), stored with the
// decky's artifacts and reported as `file_captured`, the fake shell's event, attributed to the latest
// active connection (DECNET's "ss-only" attribution). Regular files only, bounded, never executed.
import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { HiReporter } from './reporter';

export const DROP_ROOTS = ['/root', '/home', '/tmp', '/var/tmp', '/dev/shm', '/opt', '/srv', '/usr/local', '/etc/cron.d', '/var/spool/cron'];
/** Shell housekeeping, not drops. */
const IGNORED = new Set(['.bash_history', '.lesshst', '.viminfo', '.wget-hsts', '.python_history', 'motd.legal-displayed', '.sudo_as_admin_successful']);
const SETTLE_MS = 700;
const MAX_PENDING = 1024;

export interface WatchOptions {
  roots?: readonly string[];
  maxFileBytes: number;
  /** Files already there when the watch starts (the image's own) are not drops; tests pass 0. */
  settleMs?: number;
}

export class DropWatcher {
  private readonly watchers: FSWatcher[] = [];
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** path -> sha256 last reported (an unchanged rewrite is not reported twice). */
  private readonly seen = new Map<string, string>();

  constructor(private readonly reporter: HiReporter, private readonly o: WatchOptions) {}

  start(): string[] {
    const errors: string[] = [];
    for (const root of this.o.roots ?? DROP_ROOTS) {
      try {
        const w = watch(root, { recursive: true, persistent: false }, (_ev, name) => {
          if (typeof name === 'string') this.schedule(join(root, name));
        });
        w.on('error', () => undefined);
        this.watchers.push(w);
      } catch (e) {
        errors.push(`${root}: ${(e as Error).message}`);
      }
    }
    return errors;
  }

  stop(): void {
    for (const w of this.watchers) w.close();
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }

  private schedule(path: string): void {
    if (IGNORED.has(basename(path))) return;
    clearTimeout(this.pending.get(path));
    if (!this.pending.has(path) && this.pending.size >= MAX_PENDING) return;
    this.pending.set(
      path,
      setTimeout(() => {
        this.pending.delete(path);
        void this.check(path).catch(() => undefined);
      }, this.o.settleMs ?? SETTLE_MS),
    );
  }

  private async check(path: string): Promise<void> {
    const st = await lstat(path).catch(() => undefined);
    if (!st?.isFile() || st.size === 0) return;
    const fh = await open(path, 'r');
    let data: Buffer;
    try {
      const buf = Buffer.alloc(Math.min(st.size, this.o.maxFileBytes));
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      data = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
    const sha256 = createHash('sha256').update(data).digest('hex');
    if (this.seen.get(path) === sha256) return;
    if (this.seen.size >= 4096) this.seen.clear();
    this.seen.set(path, sha256);
    const who = this.reporter.last;
    const art = await this.reporter.capture(basename(path), data, who?.service);
    this.reporter.emit(who && { ip: who.ip, port: who.port }, who?.sessionId ?? this.reporter.sessionIdFor(undefined), 'file_captured', {
      stored_as: art.storedAs ?? '',
      sha256: art.sha256,
      size: st.size,
      orig_path: path.slice(0, 1024),
      ssh_user: who?.user ?? '',
      method: 'inotify',
      attribution: who ? 'last-session' : 'none',
      truncated: st.size > data.length ? 1 : 0,
      mtime: Math.floor(st.mtimeMs / 1000),
    }, who?.service);
  }
}
