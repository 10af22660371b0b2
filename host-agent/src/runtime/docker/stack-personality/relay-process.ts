// One decky's relay: the native NFQUEUE relay started in the decky's netns (`nsenter -t <pid> -n`),
// its packets handed to the Rewriter and the verdicts written back. Frames as in decnet-nfq-relay.c.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { QUEUE_NUM } from './rules';
import type { Rewriter } from './rewrite';

const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 2_000;
/** A relay that produced this much unparsed input is broken (frames are at most 65,541 bytes). */
const MAX_PENDING = 1 << 20;

export class RelayProcess {
  private child: ChildProcessWithoutNullStreams | undefined;
  private pending: Buffer = Buffer.alloc(0);
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  /** Why it ended, when it ended on its own (for the runtime's warnings). */
  onExit: ((reason: string) => void) | undefined;

  constructor(
    readonly pid: number,
    private readonly binary: string,
    readonly rewriter: Rewriter,
  ) {}

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the relay; resolves once it has bound the queue (stderr "ready"). */
  start(): Promise<void> {
    const child = spawn('nsenter', ['-t', String(this.pid), '-n', this.binary, String(QUEUE_NUM)], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    let stderr = '';
    this.exited = new Promise((resolve) => child.once('close', () => resolve()));
    child.stdin.on('error', () => undefined); // EPIPE when it died: its exit is reported below
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    child.once('close', (code, signal) => {
      if (!this.stopping) this.onExit?.(`relay in netns of pid ${this.pid} exited (${signal ?? code}): ${stderr.replace(/^ready\n/, '').trim().slice(0, 300)}`);
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`relay in netns of pid ${this.pid}: not ready after ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
      child.stderr.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString('utf8')).slice(-2048);
        if (stderr.includes('ready\n')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('close', () => {
        clearTimeout(timer);
        reject(new Error(`relay in netns of pid ${this.pid} failed: ${stderr.trim().slice(0, 300)}`));
      });
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  /** Closes its stdin (the relay exits and unbinds; --queue-bypass takes over); kills it if it lingers. */
  async stop(): Promise<void> {
    const child = this.child;
    this.stopping = true;
    if (!child || !this.running) return;
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }

  private onData(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    if (this.pending.length > MAX_PENDING) {
      this.child?.kill('SIGKILL');
      return;
    }
    const replies: Buffer[] = [];
    let off = 0;
    while (this.pending.length - off >= 6) {
      const id = this.pending.readUInt32BE(off);
      const len = this.pending.readUInt16BE(off + 4);
      if (this.pending.length - off < 6 + len) break;
      const packet = this.pending.subarray(off + 6, off + 6 + len);
      off += 6 + len;
      let v: ReturnType<Rewriter['handle']>;
      try {
        v = this.rewriter.handle(packet);
      } catch {
        v = { accept: true }; // a rewriter bug never blackholes the decky
      }
      const body = v.accept && v.packet ? v.packet : undefined;
      const head = Buffer.alloc(7);
      head.writeUInt32BE(id, 0);
      head[4] = v.accept ? 1 : 0;
      head.writeUInt16BE(body?.length ?? 0, 5);
      replies.push(head);
      if (body) replies.push(body);
    }
    this.pending = off === this.pending.length ? Buffer.alloc(0) : this.pending.subarray(off);
    if (replies.length > 0 && this.running) this.child!.stdin.write(Buffer.concat(replies));
  }
}
