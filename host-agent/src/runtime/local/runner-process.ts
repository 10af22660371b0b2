// One decky runner child process: it appends its events to the decky's log file itself (--log-file,
// durable without us); stderr carries its JSON status lines (`ready` with the bound ports, `skipped`
// services, `logFull`/`logSwitched` for rotation, `uncaught` errors) with a bounded tail kept for
// error reports; stdin is its link to us (rotation commands; EOF = agent gone). Stopped by SIGTERM
// to its process group, then SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { LineSplitter } from './line-splitter';
import type { DeckyLogFiles } from './log-writer';
import { signalGroup } from './pid-files';
import type { RunnerCommand } from './runner-command';

export interface BoundPort {
  service: string;
  /** `service` for its primary port, `service/port` for its other listeners (older runners omit it). */
  key?: string;
  host: string;
  port: number;
  tls: boolean;
}

export type RunnerOutcome =
  | { kind: 'ready'; ports: BoundPort[] }
  | { kind: 'exit'; code: number | null; signal: string | null; error: string };

const STDERR_TAIL_CHARS = 2000;

export class RunnerProcess {
  readonly child: ChildProcess;
  /** The first of: ready line, exit, or ready timeout (the process is then killed). */
  readonly outcome: Promise<RunnerOutcome>;
  readonly exited: Promise<RunnerOutcome & { kind: 'exit' }>;
  readonly skipped: Array<{ service: string; reason: string }> = [];
  ports: BoundPort[] = [];
  private tail = '';
  private readonly stderrLines = new LineSplitter();

  constructor(command: RunnerCommand, args: string[], private readonly logs: DeckyLogFiles, readyTimeoutMs: number) {
    const logArgs = ['--log-file', logs.path, '--log-file-max-bytes', String(logs.fileMaxBytes)];
    this.child = spawn(command.file, [...command.prefix, ...args, ...logArgs], {
      detached: true, // its own process group: stop() reaches anything it spawns
      cwd: command.cwd, // never the agent's: the service user may not be able to enter it
      stdio: ['pipe', 'ignore', 'pipe'], // stdin stays open: EOF tells a runner that its agent died
    });
    this.child.stderr!.on('data', (d: Buffer) => this.onStderr(d));
    this.child.stdin!.on('error', () => {}); // EPIPE when it exits first
    this.exited = new Promise((resolve) => {
      let settled = false;
      const done = (code: number | null, signal: string | null, why?: string): void => {
        if (settled) return;
        settled = true;
        const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
        resolve({ kind: 'exit', code, signal, error: `runner ${how}${why ? `: ${why}` : ''}${this.tail ? `: ${this.tail.trim()}` : ''}`.slice(0, 2000) });
      };
      this.child.once('error', (e) => done(null, null, e.message));
      // 'close' (not 'exit'): every status line on stderr has been seen by then.
      this.child.once('close', (code, signal) => done(code, signal));
    });
    let timer: NodeJS.Timeout | undefined;
    const ready = new Promise<RunnerOutcome>((resolve) => {
      this.onReady = resolve;
      timer = setTimeout(() => {
        this.tail += ` (no ready line after ${readyTimeoutMs} ms)`;
        this.kill('SIGKILL');
      }, readyTimeoutMs);
    });
    this.outcome = Promise.race([ready, this.exited]).finally(() => clearTimeout(timer));
  }

  private onReady: (o: RunnerOutcome) => void = () => {};

  get pid(): number | undefined {
    return this.child.pid;
  }

  private onStderr(chunk: Buffer): void {
    for (const { text } of this.stderrLines.push(chunk)) {
      const status = text.startsWith('{') ? parseStatus(text) : undefined;
      if (status?.ready === true && Array.isArray(status.ports)) {
        this.ports = (status.ports as BoundPort[]).filter((p) => typeof p?.service === 'string' && Number.isInteger(p.port));
        this.onReady({ kind: 'ready', ports: this.ports });
      } else if (typeof status?.logFull === 'string') {
        const name = this.logs.next();
        if (name) this.child.stdin!.write(`${JSON.stringify({ logFile: name })}\n`);
      } else if (typeof status?.logSwitched === 'string') {
        this.logs.switched(status.logSwitched);
      } else if (typeof status?.skipped === 'string') {
        this.skipped.push({ service: status.skipped.slice(0, 64), reason: String(status.reason ?? '?').slice(0, 200) });
      } else {
        this.tail = `${this.tail}\n${typeof status?.uncaught === 'string' ? status.uncaught : text}`.slice(-STDERR_TAIL_CHARS);
      }
    }
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null) signalGroup(this.child.pid, signal);
  }

  /** SIGTERM (the runner closes its listeners and writes `shutdown`), SIGKILL after timeoutMs. */
  async stop(timeoutMs: number): Promise<void> {
    this.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((ok) => (timer = setTimeout(ok, timeoutMs)));
    await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.kill('SIGKILL');
      await this.exited;
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
