// One runner process hosting a group of deckies (`main.ts --group ID`, templates' group.ts). It
// appends each decky's events to that decky's own log file itself (durable without us); stderr carries
// its JSON status lines, each naming its decky, dispatched to that decky's GroupMember, the rest kept
// as a bounded tail for error reports; stdin is its link to us (start/stop/rotation commands; EOF =
// agent gone). Its pid file lets the next agent reap it. Once its last decky has left, it is stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { GroupMember } from './group-member';
import { LineSplitter } from './line-splitter';
import type { DeckyLogFiles } from './log-writer';
import { signalGroup, type PidFiles } from './pid-files';
import type { RunnerCommand } from './runner-command';

const STDERR_TAIL_CHARS = 2000;

export interface RunnerGroupOptions {
  command: RunnerCommand;
  pidFiles: PidFiles;
  nowMs(): number;
  /** SIGTERM to SIGKILL when the group is retired. */
  stopTimeoutMs: number;
}

export class RunnerGroup {
  readonly id = `g${randomBytes(6).toString('hex')}`;
  readonly child: ChildProcess;
  /** Resolves once the process has ended (its every status line seen). */
  readonly closed: Promise<void>;
  /** No new decky joins: it is being retired, or its process has ended. */
  closing = false;
  private readonly members = new Map<string, GroupMember>();
  private readonly stderrLines = new LineSplitter();
  private tail = '';
  private retireTimer: NodeJS.Timeout | undefined;

  constructor(private readonly o: RunnerGroupOptions) {
    this.child = spawn(o.command.file, [...o.command.prefix, '--group', this.id], {
      detached: true, // its own process group: a stop reaches anything it spawns
      cwd: o.command.cwd, // never the agent's: the service user may not be able to enter it
      stdio: ['pipe', 'ignore', 'pipe'], // stdin stays open: EOF tells the group that its agent died
    });
    if (this.child.pid !== undefined) o.pidFiles.write({ name: this.pidName, pid: this.child.pid, startedAtMs: o.nowMs(), group: this.id });
    this.child.stderr!.on('data', (d: Buffer) => this.onStderr(d));
    this.child.stdin!.on('error', () => {}); // EPIPE when it exits first
    this.closed = new Promise((resolve) => {
      let settled = false;
      const done = (code: number | null, signal: string | null, why?: string): void => {
        if (settled) return;
        settled = true;
        this.closing = true;
        clearTimeout(this.retireTimer);
        o.pidFiles.remove(this.pidName);
        for (const m of [...this.members.values()]) m.groupExited(code, signal, why, this.tail);
        resolve();
      };
      this.child.once('error', (e) => done(null, null, e.message));
      // 'close' (not 'exit'): every status line on stderr has been seen by then.
      this.child.once('close', (code, signal) => done(code, signal));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get size(): number {
    return this.members.size;
  }

  private get pidName(): string {
    return `group-${this.id}`;
  }

  /** Starts a decky in this group; `argv` is its runner command line (with --log-file). */
  add(decky: string, argv: string[], logs: DeckyLogFiles, readyTimeoutMs: number): GroupMember {
    if (this.closing) throw new Error(`runner group ${this.id} takes no more deckies`);
    if (this.members.has(decky)) throw new Error(`decky ${decky} is already in runner group ${this.id}`);
    const m = new GroupMember(decky, logs, {
      pid: this.pid,
      send: (cmd) => this.send(cmd),
      kill: (signal) => this.kill(signal),
      left: (member) => this.left(member),
    }, readyTimeoutMs);
    this.members.set(decky, m);
    this.send({ start: { decky, argv } });
    return m;
  }

  send(cmd: Record<string, unknown>): void {
    if (this.child.stdin?.writable) this.child.stdin.write(`${JSON.stringify(cmd)}\n`);
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null) signalGroup(this.child.pid, signal);
  }

  /** SIGTERM (every decky left writes `shutdown`), SIGKILL after the stop timeout. */
  retire(): void {
    if (this.retireTimer) return;
    this.closing = true;
    this.kill('SIGTERM');
    this.retireTimer = setTimeout(() => this.kill('SIGKILL'), this.o.stopTimeoutMs);
  }

  private left(m: GroupMember): void {
    if (this.members.get(m.decky) === m) this.members.delete(m.decky);
    if (this.members.size === 0) this.retire();
  }

  private onStderr(chunk: Buffer): void {
    for (const { text } of this.stderrLines.push(chunk)) {
      const status = text.startsWith('{') ? parseStatus(text) : undefined;
      const member = typeof status?.decky === 'string' ? this.members.get(status.decky) : undefined;
      if (status && member) member.onStatus(status);
      else if (typeof status?.uncaught === 'string') for (const m of this.members.values()) m.note(status.uncaught); // not attributable: every decky here
      else this.tail = `${this.tail}\n${text}`.slice(-STDERR_TAIL_CHARS);
    }
  }
}

function parseStatus(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
