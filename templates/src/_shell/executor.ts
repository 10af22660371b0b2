// Runs parsed lines: lists with `;` `&&` `||` `&`, pipelines (stdout of one stage becomes stdin of the
// next), `( ... )` subshells, assignments and redirections. Every stage is bounded (output sinks,
// commands per line, nesting depth). Command lookup and invocation live in invoke.ts.

import type { Command, ListItem, Pipeline, SimpleCommand } from './syntax';
import { parseLine } from './parse-line';
import type { ShellState } from './state';
import { allocPid, credOf, homeOf, setVar } from './state';
import type { Registry } from './commands/index';
import type { CommandResult, PipelineMember } from './commands/types';
import { expandToString, expandWord, expandWords } from './expand';
import type { ExpandEnv } from './expand';
import { expandGlob } from './glob';
import { Sink } from './sink';
import { applyRedirs, flushFiles, writeTo } from './redirect';
import type { Dest, FdTable } from './redirect';
import { Invoker } from './invoke';
import { runCompound } from './compound';
import { shellName } from './flavor';
import { LIMITS } from './limits';
import { makeRng } from './sys/rng';

export type Dialect = 'interactive' | 'bash' | 'sh';

export interface ExecOptions {
  depth: number;
  dialect: Dialect;
  /** $0 */
  name: string;
  positional: readonly string[];
}

export interface Io {
  fd1: Dest;
  fd2: Dest;
}

export interface Paused {
  items: ListItem[];
  status: number;
  purpose: 'sudo' | 'su';
  target?: string;
}

export interface RunOutcome {
  status: number;
  exit: boolean;
  paused?: Paused;
}

interface Snapshot {
  cwd: string;
  vars: Map<string, string>;
  exported: Set<string>;
  aliases: Map<string, string>;
}

export class Executor {
  private line = 1;
  readonly invoker: Invoker;

  constructor(
    readonly state: ShellState,
    readonly registry: Registry,
    readonly opts: ExecOptions,
  ) {
    this.invoker = new Invoker(this);
  }

  /** Prefix of shell diagnostics: "-bash", "bash: line 3", "sh: 3", "./x.sh: line 3". */
  prefix(): string {
    if (this.opts.dialect === 'interactive') return `-${shellName(this.state.persona)}`;
    return this.opts.dialect === 'bash' ? `${this.opts.name}: line ${this.line}` : `${this.opts.name}: ${this.line}`;
  }

  notFoundMessage(name: string): string {
    const ash = this.opts.dialect === 'sh' || shellName(this.state.persona) === 'ash';
    return `${this.prefix()}: ${name}: ${ash ? 'not found' : 'command not found'}\n`;
  }

  getVar(name: string): string | undefined {
    const s = this.state;
    switch (name) {
      case '?': return String(s.lastStatus);
      case '$': return String(s.shellPid);
      case '#': return String(this.opts.positional.length);
      case '@': case '*': return this.opts.positional.join(' ');
      case '0': return this.opts.name;
      case '-': return this.opts.dialect === 'interactive' ? 'himBHs' : 'hB';
      case '!': return s.vars.get('!');
      case 'RANDOM': return String(makeRng(`${s.shellPid}:${s.nextPid}:${s.clock().getTime()}`).int(0, 32767));
      case 'UID': case 'EUID': return String(s.user.uid);
      case 'PPID': return String(s.sessionPids.child);
      case 'HOSTNAME': return s.vars.get('HOSTNAME') ?? s.persona.hostname;
      case 'SECONDS': return String(Math.floor((s.clock().getTime() - s.loginAtMs) / 1000));
      case 'LINENO': return String(this.line);
    }
    if (/^[1-9]$/.test(name)) return this.opts.positional[Number(name) - 1];
    return s.vars.get(name);
  }

  expandEnv(fd2: Dest): ExpandEnv {
    return {
      getVar: (n) => this.getVar(n),
      homeOf: (user) => (user === '' ? homeOf(this.state) : this.state.accounts.byName(user)?.home),
      commandSubst: (src) => this.commandSubst(src, fd2),
      glob: (pattern) => expandGlob(pattern, this.state.fs, this.state.cwd, credOf(this.state)),
    };
  }

  snapshot(): Snapshot {
    const s = this.state;
    return { cwd: s.cwd, vars: new Map(s.vars), exported: new Set(s.exported), aliases: new Map(s.aliases) };
  }

  restore(snap: Snapshot): void {
    this.state.cwd = snap.cwd;
    this.state.vars = snap.vars;
    this.state.exported = snap.exported;
    this.state.aliases = snap.aliases;
  }

  child(opts: Partial<ExecOptions>): Executor | null {
    if (this.opts.depth + 1 > LIMITS.maxDepth) return null;
    return new Executor(this.state, this.registry, { ...this.opts, ...opts, depth: this.opts.depth + 1 });
  }

  commandSubst(src: string, fd2: Dest): string {
    const child = this.child({});
    if (!child) {
      writeTo(fd2, `${this.prefix()}: fork: retry: Resource temporarily unavailable\n`);
      return '';
    }
    const parsed = parseLine(src, this.state.aliases);
    if (!parsed.ok) {
      if (!parsed.incomplete) writeTo(fd2, `${this.prefix()}: command substitution: line 1: ${parsed.message}\n`);
      return '';
    }
    allocPid(this.state);
    const sink = new Sink(LIMITS.maxCommandOutputBytes);
    const snap = this.snapshot();
    const outcome = child.runItems(parsed.items, this.state.lastStatus, { fd1: { kind: 'sink', sink }, fd2 });
    this.restore(snap);
    this.state.lastStatus = outcome.status;
    return sink.text();
  }

  /** Literal argv of a simple command (words with expansions become ""), for password pre-checks. */
  private literalArgv(cmd: SimpleCommand): string[] {
    return cmd.words.map((w) => (w.parts.every((p) => p.t === 'lit') ? w.parts.map((p) => (p.t === 'lit' ? p.v : '')).join('') : ''));
  }

  private passwordNeeded(p: Pipeline): { purpose: 'sudo' | 'su'; target?: string } | null {
    for (const c of p.commands) {
      if (c.kind !== 'simple' || c.words.length === 0) continue;
      const argv = this.literalArgv(c);
      const spec = this.registry.get(argv[0] ?? '');
      const need = spec?.needsPassword?.(argv, this.state);
      if (need) return need;
    }
    return null;
  }

  /** Run list items; `forceFirst` runs items[0] regardless of the connector before it (resume). */
  runItems(items: readonly ListItem[], status: number, io: Io, allowPause = false, forceFirst = false): RunOutcome {
    let st = status;
    for (let idx = 0; idx < items.length; idx++) {
      const item = items[idx];
      if (!item) continue;
      if (this.state.abortLine) return { status: 130, exit: false };
      const prevOp = idx > 0 ? items[idx - 1]?.op : ';';
      if (!(forceFirst && idx === 0)) {
        if (prevOp === '&&' && st !== 0) continue;
        if (prevOp === '||' && st === 0) continue;
      }
      this.line = item.line;
      if (allowPause && !(forceFirst && idx === 0)) {
        const need = this.passwordNeeded(item.pipeline);
        if (need) return { status: st, exit: false, paused: { items: items.slice(idx), status: st, ...need } };
      }
      const outcome = this.runPipeline(item.pipeline, io, item.op === '&');
      st = outcome.status;
      this.state.lastStatus = st;
      if (outcome.exit) return { status: st, exit: true };
    }
    return { status: st, exit: false };
  }

  private runPipeline(p: Pipeline, io: Io, background: boolean): { status: number; exit: boolean } {
    const members: PipelineMember[] = p.commands.map((c) => ({
      pid: allocPid(this.state),
      cmdline: c.kind === 'simple' ? c.words.map((w) => w.raw).join(' ') : 'bash',
    }));
    if (background) {
      this.state.jobs += 1;
      const last = members[members.length - 1];
      writeTo(io.fd2, `[${this.state.jobs}] ${last?.pid ?? 0}\n`);
      this.state.vars.set('!', String(last?.pid ?? 0));
    }
    let stdin: string | null = null;
    let status = 0;
    let exit = false;
    p.commands.forEach((cmd, i) => {
      const last = i === p.commands.length - 1;
      const pipe = last ? null : new Sink(LIMITS.maxCommandOutputBytes);
      const fd1: Dest = pipe ? { kind: 'sink', sink: pipe } : io.fd1;
      const r = this.runCommand(cmd, stdin, { fd1, fd2: io.fd2 }, members[i] ?? null, members);
      status = r.status;
      if (r.exit && p.commands.length === 1) exit = true;
      stdin = pipe ? pipe.text() : null;
    });
    if (p.negate) status = status === 0 ? 1 : 0;
    return { status, exit };
  }

  private runCommand(cmd: Command, stdin: string | null, io: Io, member: PipelineMember | null, pipeline: readonly PipelineMember[]): { status: number; exit: boolean } {
    const table: FdTable = { stdin, fds: new Map([[1, io.fd1], [2, io.fd2]]) };
    const env = this.expandEnv(io.fd2);
    const redirError = applyRedirs(this.state, table, cmd.redirs, (r) => {
      if (!r.target) return { ok: true, value: '' };
      const f = expandWord(r.target, env);
      if (!f.ok) return { ok: false, error: f.error };
      if (f.fields.length !== 1) return { ok: false, error: `${r.target.raw}: ambiguous redirect` };
      return { ok: true, value: f.fields[0] ?? '' };
    }, (r) => {
      if (!r.bodyWord) return r.body ?? '';
      const v = expandToString(r.bodyWord, env);
      return v.ok ? v.value : (r.body ?? '');
    });
    const fd2 = table.fds.get(2);
    if (redirError) {
      writeTo(fd2, `${this.prefix()}: ${redirError}\n`);
      return { status: 1, exit: false };
    }
    if (cmd.kind === 'group') {
      const child = this.child({});
      if (!child) return { status: 1, exit: false };
      const snap = this.snapshot();
      const outcome = child.runItems(cmd.items, this.state.lastStatus, { fd1: table.fds.get(1) ?? io.fd1, fd2: fd2 ?? io.fd2 });
      this.restore(snap);
      writeTo(fd2, flushFiles(this.state, table, 'bash', true, this.prefix()));
      return { status: outcome.status, exit: false };
    }
    if (cmd.kind !== 'simple') {
      const r = runCompound(this, cmd, { fd1: table.fds.get(1) ?? io.fd1, fd2: fd2 ?? io.fd2 });
      writeTo(fd2, flushFiles(this.state, table, 'bash', true, this.prefix()));
      return r;
    }
    if (++this.state.commandsThisLine > LIMITS.maxCommandsPerLine) {
      writeTo(fd2, `${this.prefix()}: fork: retry: Resource temporarily unavailable\n`);
      return { status: 254, exit: false };
    }
    const argv = expandWords(cmd.words, env);
    if (!argv.ok) {
      writeTo(fd2, `${this.prefix()}: ${argv.error}\n`);
      return { status: 1, exit: false };
    }
    const assigns: Array<[string, string]> = [];
    for (const a of cmd.assigns) {
      const v = expandToString(a.value, env);
      if (!v.ok) {
        writeTo(fd2, `${this.prefix()}: ${v.error}\n`);
        return { status: 1, exit: false };
      }
      assigns.push([a.name, v.value]);
    }
    if (argv.fields.length === 0) {
      for (const [k, v] of assigns) setVar(this.state, k, v, this.state.exported.has(k));
      writeTo(fd2, flushFiles(this.state, table, 'bash', true, this.prefix()));
      return { status: 0, exit: false };
    }
    const out1 = table.fds.get(1);
    const tty = out1?.kind === 'sink' && out1.tty === true;
    const result = this.invoker.invoke(argv.fields, table.stdin, new Map(assigns), member, pipeline, tty);
    this.emitResult(result, table);
    const argv0 = argv.fields[0] ?? '';
    writeTo(table.fds.get(2), flushFiles(this.state, table, argv0, this.registry.isBuiltin(argv0), this.prefix()));
    return { status: result.code, exit: result.exit === true };
  }

  private emitResult(result: CommandResult, table: FdTable): void {
    const fd1 = table.fds.get(1);
    const fd2 = table.fds.get(2);
    if (result.chunks) {
      for (const [fd, text] of result.chunks) writeTo(fd === 1 ? fd1 : fd2, text);
      return;
    }
    writeTo(fd2, result.stderr);
    writeTo(fd1, result.stdout);
  }
}
