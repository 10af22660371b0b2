// Per-session shell state: who we are (with a stack for su / sudo -i), cwd, variables, aliases,
// history, `$?`, the PID counter, sudo's credential cache and any input the shell is waiting for.

import type { ShellPersona } from './persona';
import type { Account, Accounts } from './sys/accounts';
import type { VirtualFs } from './fs/vfs';
import type { Cred } from './fs/vfs-types';
import type { SessionInfo } from './flavor';
import type { ListItem } from './parse-line';
import { LIMITS } from './limits';

export type Emit = (eventType: string, fields: Record<string, string>) => void;

/** What an interrupted line is waiting for before it can continue. */
export type Pending =
  | { kind: 'continuation'; buffer: string }
  | {
      kind: 'password';
      purpose: 'sudo' | 'su';
      attempts: number;
      /** Items of the interrupted line still to run, and the status before them. */
      items: ListItem[];
      status: number;
      line: LineRecord;
      /** For su: the target account name. */
      target?: string;
    };

/** The top-level line being executed, for the `command` event. */
export interface LineRecord {
  cmd: string;
  pwd: string;
  user: string;
  uid: number;
}

export interface SessionProc {
  pid: number;
  ppid: number;
  user: string;
  command: string;
  startMs: number;
  /** Frame depth this process belongs to; removed when that shell exits. */
  depth: number;
}

/** Saved context of an outer shell while a `su`/`sudo -i` shell runs on top of it. */
export interface Frame {
  user: Account;
  cwd: string;
  vars: Map<string, string>;
  exported: Set<string>;
  login: boolean;
  shellPid: number;
}

export interface AuthGrant {
  kind: 'sudo' | 'su';
  result: 'ok' | 'denied' | 'failed';
}

export interface ShellState {
  readonly persona: ShellPersona;
  readonly accounts: Accounts;
  readonly fs: VirtualFs;
  readonly emit: Emit;
  readonly clock: () => Date;
  readonly session: SessionInfo;
  readonly loginUser: Account;
  readonly loginPassword: string | undefined;
  readonly loginAtMs: number;
  user: Account;
  cwd: string;
  vars: Map<string, string>;
  exported: Set<string>;
  aliases: Map<string, string>;
  history: string[];
  lastStatus: number;
  nextPid: number;
  shellPid: number;
  /** PIDs of the sshd processes serving this session (privileged monitor, user process). */
  sessionPids: { monitor: number; child: number };
  frames: Frame[];
  /** Processes started by su / sudo -i / bash in this session, shown by ps until their shell exits. */
  sessionProcs: SessionProc[];
  /** PIDs of base processes root has killed (no longer listed). */
  killed: Set<number>;
  sudoUntilMs: number;
  grant: AuthGrant | null;
  pending: Pending | null;
  jobs: number;
  /** Commands run during the current execute() call, for LIMITS.maxCommandsPerLine. */
  commandsThisLine: number;
  /** Set when a runaway loop was cut off: the rest of the line is abandoned, as after Ctrl-C. */
  abortLine: boolean;
}

export function credOf(state: ShellState): Cred {
  return state.accounts.cred(state.user);
}

export function homeOf(state: ShellState): string {
  return state.vars.get('HOME') ?? state.user.home;
}

/** Allocate a PID the way the kernel does: increasing, with small gaps left by other activity. */
export function allocPid(state: ShellState): number {
  const pid = state.nextPid;
  state.nextPid += 1 + (pid % 3 === 0 ? 1 : 0);
  return pid;
}

export function setVar(state: ShellState, name: string, value: string, exported = false): boolean {
  if (!state.vars.has(name) && state.vars.size >= LIMITS.maxEnvVars) return false;
  state.vars.set(name, value.slice(0, LIMITS.maxEnvValueChars));
  if (exported) state.exported.add(name);
  return true;
}

export function pushHistory(state: ShellState, line: string): void {
  // Ubuntu's .bashrc sets HISTCONTROL=ignoreboth: no lines starting with a space, no consecutive dupes.
  if (line.trim() === '') return;
  if (state.persona.family === 'debian' && (line.startsWith(' ') || state.history[state.history.length - 1] === line)) return;
  state.history.push(line);
  if (state.history.length > LIMITS.maxHistory) state.history.splice(0, state.history.length - LIMITS.maxHistory);
}
