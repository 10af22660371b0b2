// One decky's run inside a runner group (runner-group.ts): its ready line with the bound ports, its
// skipped services, its log rotation, and its end: stopped on request, refused at start, or taken
// down with its group's process. DeckySlot drives it as it would a process of its own.
import type { DeckyLogFiles } from './log-writer';

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

export type RunnerExit = RunnerOutcome & { kind: 'exit' };

/** What a member needs from its group. */
export interface MemberHost {
  readonly pid: number | undefined;
  send(cmd: Record<string, unknown>): void;
  /** The whole process (every member of the group ends with it). */
  kill(signal: NodeJS.Signals): void;
  left(member: GroupMember): void;
}

const TAIL_CHARS = 2000;

export class GroupMember {
  /** The first of: ready line, end, or ready timeout (the group is then killed). */
  readonly outcome: Promise<RunnerOutcome>;
  readonly exited: Promise<RunnerExit>;
  readonly skipped: Array<{ service: string; reason: string }> = [];
  ports: BoundPort[] = [];
  private tail = '';
  private onReady: (o: RunnerOutcome) => void = () => {};
  private onExit: (o: RunnerExit) => void = () => {};
  private ended = false;

  constructor(
    readonly decky: string,
    readonly logs: DeckyLogFiles,
    private readonly host: MemberHost,
    readyTimeoutMs: number,
  ) {
    this.exited = new Promise((resolve) => (this.onExit = resolve));
    let timer: NodeJS.Timeout | undefined;
    const ready = new Promise<RunnerOutcome>((resolve) => {
      this.onReady = resolve;
      timer = setTimeout(() => {
        this.note(`no ready line after ${readyTimeoutMs} ms`);
        this.host.kill('SIGKILL'); // its process is stuck: the group goes down, the agent restarts its deckies
      }, readyTimeoutMs);
    });
    this.outcome = Promise.race([ready, this.exited]).finally(() => clearTimeout(timer));
  }

  get pid(): number | undefined {
    return this.host.pid;
  }

  /** A status line of the group that names this decky. */
  onStatus(s: Record<string, unknown>): void {
    if (s.ready === true && Array.isArray(s.ports)) {
      this.ports = (s.ports as BoundPort[]).filter((p) => typeof p?.service === 'string' && Number.isInteger(p.port));
      this.onReady({ kind: 'ready', ports: this.ports });
    } else if (typeof s.logFull === 'string') {
      const name = this.logs.next();
      if (name) this.host.send({ logFile: name, decky: this.decky });
    } else if (typeof s.logSwitched === 'string') {
      this.logs.switched(s.logSwitched);
    } else if (typeof s.skipped === 'string') {
      this.skipped.push({ service: s.skipped.slice(0, 64), reason: String(s.reason ?? '?').slice(0, 200) });
    } else if (typeof s.startFailed === 'string') {
      // A usage error (exit code 2 for a process of its own) is not retried.
      this.end({ kind: 'exit', code: s.usage === true ? 2 : 1, signal: null, error: `runner refused the decky: ${String(s.reason ?? '?').slice(0, 1000)}` });
    } else if (typeof s.stopped === 'string') {
      this.end({ kind: 'exit', code: 0, signal: null, error: 'runner stopped the decky' });
    } else if (typeof s.uncaught === 'string') {
      this.note(s.uncaught);
    } else {
      this.note(JSON.stringify(s));
    }
  }

  /** Kept for the error report when the decky ends. */
  note(text: string): void {
    this.tail = `${this.tail}\n${text}`.slice(-TAIL_CHARS);
  }

  /** The group's process ended: so did this decky. */
  groupExited(code: number | null, signal: string | null, why: string | undefined, groupTail: string): void {
    const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
    const tail = `${groupTail}${this.tail}`.trim();
    this.end({ kind: 'exit', code, signal, error: `runner ${how}${why ? `: ${why}` : ''}${tail ? `: ${tail}` : ''}`.slice(0, 2000) });
  }

  private end(o: RunnerExit): void {
    if (this.ended) return;
    this.ended = true;
    this.host.left(this);
    this.onExit(o);
  }

  /** Asks the group to stop this decky (it closes its listeners and writes `shutdown`); the whole group is killed if that takes longer than timeoutMs. */
  async stop(timeoutMs: number): Promise<void> {
    if (this.ended) return;
    this.host.send({ stop: this.decky });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((ok) => (timer = setTimeout(ok, timeoutMs)));
    await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (!this.ended) {
      this.host.kill('SIGKILL');
      await this.exited;
    }
  }
}
