// The log files of one runner start. The agent names each file and marks its stream live before the
// runner writes to it; the runner appends to it itself (`--log-file`: on disk even when the agent is
// dead), asks for the next one past fileMaxBytes, and the agent names it (`next`), then ends the old
// stream once the runner has switched. A directory watch wakes the followers when the runner writes.
import { closeSync, mkdirSync, openSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { deckyLogFiles, pruneDecky, streamIdOf } from './log-files';
import type { StreamHub } from './stream-hub';

export interface LogWriterOptions {
  root: string;
  decky: string;
  hub: StreamHub;
  fileMaxBytes: number;
  deckyMaxBytes: number;
  retentionMs: number;
  nowMs: () => number;
  /** Streams deleted by the size cap (their unread lines are lost: reported, not silent). */
  onPruned?(streams: string[]): void;
}

const FILE_RE = /^(\d{1,16})\.log$/;

export class DeckyLogFiles {
  private lastStartMs = 0;
  private readonly dir: string;
  private readonly mine = new Set<string>();
  private watcher: FSWatcher | undefined;
  /** The stream the runner writes now, and the one it was asked to move to (not confirmed yet). */
  stream = '';
  private requested: string | undefined;

  constructor(private readonly o: LogWriterOptions) {
    this.dir = join(o.root, o.decky);
    mkdirSync(this.dir, { recursive: true, mode: 0o750 });
    this.lastStartMs = deckyLogFiles(o.root, o.decky).at(-1)?.startMs ?? 0;
    this.stream = this.create();
    try {
      // inotify on the directory: every append by the runner wakes that stream's followers.
      this.watcher = watch(this.dir, { persistent: false }, (_event, name) => {
        const m = typeof name === 'string' ? FILE_RE.exec(name) : null;
        if (m) o.hub.notify(streamIdOf(o.decky, Number(m[1])));
      });
      this.watcher.on('error', () => this.unwatch()); // followers fall back to their safety poll
    } catch {
      // no watch available: the followers' safety poll still finds every line
    }
  }

  /** The file the runner starts with (`--log-file`). */
  get path(): string {
    return this.pathOf(this.stream);
  }

  get fileMaxBytes(): number {
    return this.o.fileMaxBytes;
  }

  /** The runner's file is full: a new file, live from now on; its name for the runner, or undefined while one is pending. */
  next(): string | undefined {
    if (this.requested) return undefined;
    this.requested = this.create();
    return this.fileNameOf(this.requested);
  }

  /** The runner writes `name` from now on: the previous stream has ended (its followers drain it). */
  switched(name: string): void {
    const m = FILE_RE.exec(name);
    const stream = m ? streamIdOf(this.o.decky, Number(m[1])) : undefined;
    if (!stream || stream !== this.requested) return;
    const old = this.stream;
    this.stream = stream;
    this.requested = undefined;
    this.end(old);
    const pruned = pruneDecky(this.o.root, this.o.decky, this.o.deckyMaxBytes, this.o.retentionMs, this.o.hub.liveStreams(), this.o.nowMs());
    if (pruned.length) this.o.onPruned?.(pruned);
  }

  /** The runner is gone (its every line is on disk): all its streams end. */
  close(): void {
    this.unwatch();
    for (const s of [...this.mine]) this.end(s);
  }

  private create(): string {
    // Stream ids must never repeat: a restart within the same millisecond takes the next one.
    const startMs = Math.max(this.o.nowMs(), this.lastStartMs + 1);
    this.lastStartMs = startMs;
    const stream = streamIdOf(this.o.decky, startMs);
    closeSync(openSync(this.pathOf(stream), 'a', 0o640)); // listed (and followed) before its first line
    this.o.hub.markLive(stream);
    this.mine.add(stream);
    const pruned = pruneDecky(this.o.root, this.o.decky, this.o.deckyMaxBytes, this.o.retentionMs, this.o.hub.liveStreams(), this.o.nowMs());
    if (pruned.length) this.o.onPruned?.(pruned);
    return stream;
  }

  private fileNameOf(stream: string): string {
    return `${stream.slice(stream.lastIndexOf('/') + 1)}.log`;
  }

  private pathOf(stream: string): string {
    return join(this.dir, this.fileNameOf(stream));
  }

  private end(stream: string): void {
    this.mine.delete(stream);
    this.o.hub.markEnded(stream);
  }

  private unwatch(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}
