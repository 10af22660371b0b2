// createShell(): the interactive session an accepted SSH/Telnet login gets. Pure logic: the transport
// feeds it lines and writes back its output (with "\n" line endings; the transport converts to
// "\r\n"). Handles PS1/PS2, continuation lines, password prompts for sudo/su, history and events.

import type { ShellPersona } from './persona';
import type { Emit, LineRecord, ShellState } from './state';
import { pushHistory, setVar } from './state';
import type { SessionInfo } from './flavor';
import { bashVersion, defaultAliases, historyFileName, loginEnv, renderPrompt, shellName } from './flavor';
import { buildAccounts, sanitizeUserName } from './sys/accounts';
import { buildBaseTree } from './fs/base-tree';
import { VirtualFs } from './fs/vfs';
import { createRegistry } from './commands/index';
import type { Registry } from './commands/index';
import { Executor } from './executor';
import { installedBinaries } from './inventory';
import { completeAt, completeCommand, type Completion } from './complete';
import type { Io, RunOutcome } from './executor';
import { parseLine } from './parse-line';
import { Sink } from './sink';
import { LIMITS } from './limits';
import { bannerText } from './motd';
import { baseProcesses, firstSessionPid } from './sys/processes';
import { machineId } from './sys/identity';
import { hash32 } from './sys/rng';
import { handlePassword } from './password';
import { recordLogin } from './login-log';

export interface ShellOptions {
  persona: ShellPersona;
  /** Login name as accepted by the transport (sanitized; unknown names get an account). */
  user: string;
  emit: Emit;
  now?: () => Date;
  session?: Partial<SessionInfo> & {
    /** Password the attacker logged in with; sudo/su accept it, anything else is wrong. */
    loginPassword?: string;
  };
}

export interface ExecuteResult {
  /** Text for the terminal, lines ending in "\n" (the transport converts to "\r\n"). */
  output: string;
  /** The session ended (exit/logout in the login shell): close the channel after writing output. */
  exit?: boolean;
}

export interface Shell {
  /** PS1, PS2 ("> ") during a continuation, or a password prompt. */
  prompt(): string;
  execute(line: string): ExecuteResult;
  /** Message of the day and "Last login" line, written once after login. */
  banner(): string;
  /** True while the shell waits for a password: the transport must not echo the next line. */
  isSecretInput(): boolean;
  /** Ctrl-C: abandons a continuation or password prompt; sets $? to 130. */
  interrupt(): void;
  /** Tab completion of a command name: the names the inventory installed (and aliases, builtins). */
  completeCommand?(prefix: string): string[];
  /** History as Up/Down recall it (the persisted history file, then this session's lines). */
  historyLines?(): readonly string[];
  /** Tab with the cursor at `cursor` in `line`: commands for the first word, paths for the others. */
  complete?(line: string, cursor: number): Completion;
  /** Overlay usage and history size, for diagnostics and tests. */
  stats(): { overlayBytes: number; overlayEntries: number; history: number };
}

const defaultRegistry: { value: Registry | null } = { value: null };

function registry(): Registry {
  defaultRegistry.value ??= createRegistry();
  return defaultRegistry.value;
}

function initState(opts: ShellOptions, reg: Registry): ShellState {
  const clock = opts.now ?? (() => new Date());
  const persona = opts.persona;
  const name = sanitizeUserName(opts.user);
  const accounts = buildAccounts(persona, name);
  const account = accounts.byName(name);
  if (!account) throw new Error('login account missing');
  const nowMs = clock().getTime();
  const fs = new VirtualFs(buildBaseTree(persona, accounts, installedBinaries(persona, reg.binaries())), () => clock().getTime());
  const session: SessionInfo = {
    protocol: opts.session?.protocol ?? 'ssh',
    remoteIp: opts.session?.remoteIp ?? '203.0.113.10',
    remotePort: opts.session?.remotePort ?? 50_000 + (hash32(`${persona.seed}:${nowMs}`) % 15_000),
    localPort: opts.session?.localPort ?? (opts.session?.protocol === 'telnet' ? 23 : 22),
    tty: opts.session?.tty ?? 'pts/0',
    term: opts.session?.term ?? 'xterm-256color',
    columns: Math.max(20, Math.min(500, Math.floor(opts.session?.columns ?? 80))),
    pty: opts.session?.pty ?? true,
  };
  const monitor = firstSessionPid(persona, nowMs, baseProcesses(persona, machineId(persona)));
  const sessionId = 1 + Math.floor((nowMs - persona.bootedAtMs) / 3_600_000 / 5) + (hash32(persona.seed) % 7);
  const vars = loginEnv(persona, account, session, sessionId);
  const exported = new Set(vars.keys());
  const state: ShellState = {
    persona,
    accounts,
    fs,
    emit: opts.emit,
    clock,
    session,
    loginUser: account,
    loginPassword: opts.session?.loginPassword,
    loginAtMs: nowMs,
    user: account,
    cwd: account.home,
    vars,
    exported,
    aliases: defaultAliases(persona, account),
    history: [],
    lastStatus: 0,
    nextPid: monitor + 12,
    shellPid: monitor + 11,
    sessionPids: { monitor, child: monitor + 10 },
    frames: [],
    sessionProcs: [],
    killed: new Set(),
    sudoUntilMs: 0,
    grant: null,
    pending: null,
    jobs: 0,
    commandsThisLine: 0,
    abortLine: false,
  };
  const shellVars: Array<[string, string]> = [
    ['HISTSIZE', '1000'],
    ['HISTFILESIZE', '2000'],
    ['PS2', '> '],
    ['BASH', shellName(persona) === 'bash' ? '/usr/bin/bash' : '/bin/ash'],
    ['BASH_VERSION', bashVersion(persona)],
  ];
  if (persona.family === 'debian') shellVars.push(['HISTCONTROL', 'ignoreboth']);
  for (const [k, v] of shellVars) setVar(state, k, v);
  if (persona.family === 'rhel') setVar(state, 'HOSTNAME', persona.hostname, true);
  const hist = fs.readFile(`${account.home}/${historyFileName(persona)}`, accounts.cred(account));
  if (hist.ok) for (const l of hist.value.split('\n')) if (l !== '') state.history.push(l);
  recordLogin(state);
  return state;
}

export function createShell(opts: ShellOptions): Shell {
  const reg = registry();
  const state = initState(opts, reg);

  const record = (cmd: string): LineRecord => ({ cmd: cmd.slice(0, LIMITS.maxLineChars), pwd: state.cwd, user: state.user.name, uid: state.user.uid });

  const emitCommand = (rec: LineRecord, status: number): void => {
    state.emit('command', { cmd: rec.cmd, pwd: rec.pwd, user: rec.user, uid: String(rec.uid), exit_code: String(status) });
  };

  /** Turn an executor outcome into terminal output: pause for a password, pop su shells, or exit. */
  const finish = (outcome: RunOutcome, rec: LineRecord, term: Sink): ExecuteResult => {
    if (outcome.paused) {
      const target = outcome.paused.target;
      state.pending = { kind: 'password', purpose: outcome.paused.purpose, attempts: 0, items: outcome.paused.items, status: outcome.paused.status, line: rec, ...(target !== undefined ? { target } : {}) };
      return { output: term.text() };
    }
    state.lastStatus = outcome.status;
    emitCommand(rec, outcome.status);
    if (outcome.exit) {
      const frame = state.frames.pop();
      if (frame) {
        term.write(frame.login ? 'logout\n' : 'exit\n');
        state.user = frame.user;
        state.cwd = frame.cwd;
        state.vars = frame.vars;
        state.exported = frame.exported;
        state.sessionProcs = state.sessionProcs.filter((p) => p.depth <= state.frames.length);
        state.shellPid = frame.shellPid;
        return { output: term.text() };
      }
      if (state.session.pty) term.write('logout\n');
      return { output: term.text(), exit: true };
    }
    return { output: term.text() };
  };

  const run = (fn: (ex: Executor, io: Io) => RunOutcome, rec: LineRecord, term: Sink): ExecuteResult => {
    const ex = new Executor(state, reg, { depth: 0, dialect: 'interactive', name: `-${shellName(state.persona)}`, positional: [] });
    const tty = state.session.pty;
    const io: Io = { fd1: { kind: 'sink', sink: term, tty }, fd2: { kind: 'sink', sink: term, tty } };
    return finish(fn(ex, io), rec, term);
  };

  return {
    prompt() {
      const p = state.pending;
      if (p?.kind === 'continuation') return state.vars.get('PS2') ?? '> ';
      if (p?.kind === 'password') return p.purpose === 'sudo' ? `[sudo] password for ${state.user.name}: ` : 'Password: ';
      return renderPrompt(state.persona, state.user, state.cwd, state.vars.get('HOME') ?? state.user.home);
    },

    execute(rawLine: string): ExecuteResult {
      state.commandsThisLine = 0;
      state.abortLine = false;
      const line = rawLine.replace(/\0/g, '').replace(/\r?\n$/, '').replace(/\r$/, '');
      const term = new Sink(LIMITS.maxLineOutputBytes);
      const pending = state.pending;
      if (pending?.kind === 'password') {
        return handlePassword(state, pending, line, term, (items, status, rec, forceFirst) => run((ex, io) => ex.runItems(items, status, io, true, forceFirst), rec, term));
      }
      const buffer = pending?.kind === 'continuation' ? `${pending.buffer}\n${line}` : line;
      state.pending = null;
      const prefix = `-${shellName(state.persona)}`;
      if (buffer.length > LIMITS.maxLineChars) {
        const first = buffer.trim().split(/[ \t]/, 1)[0]?.slice(0, 64) ?? '';
        state.lastStatus = 126;
        emitCommand(record(buffer), 126);
        return { output: `${prefix}: ${first}: Argument list too long\n` };
      }
      if (buffer.trim() === '') return { output: '' };
      const parsed = parseLine(buffer, state.aliases);
      if (!parsed.ok && parsed.incomplete) {
        state.pending = { kind: 'continuation', buffer };
        return { output: '' };
      }
      pushHistory(state, buffer);
      const rec = record(buffer);
      if (!parsed.ok) {
        state.lastStatus = 2;
        emitCommand(rec, 2);
        return { output: `${prefix}: ${parsed.message}\n` };
      }
      return run((ex, io) => ex.runItems(parsed.items, state.lastStatus, io, state.session.pty), rec, term);
    },

    banner() {
      return bannerText(state.persona, state.loginUser.name, state.session, state.clock());
    },

    isSecretInput() {
      return state.pending?.kind === 'password';
    },

    interrupt() {
      const p = state.pending;
      if (p?.kind === 'password') emitCommand(p.line, 1);
      state.pending = null;
      state.lastStatus = 130;
    },

    completeCommand(prefix) {
      return completeCommand(state, reg, prefix);
    },

    historyLines() {
      return state.history;
    },

    complete(line, cursor) {
      return completeAt(state, reg, line, cursor);
    },

    stats() {
      const u = state.fs.usage();
      return { overlayBytes: u.bytes, overlayEntries: u.entries, history: state.history.length };
    },
  };
}
