// The contract between the executor and one emulated command: what a command receives (argv,
// stdin, the session state, helpers to run other commands) and returns (stdout, stderr, status).

import type { ShellState } from '../state';
import type { Account } from '../sys/accounts';
import type { Cred, Errno } from '../fs/vfs-types';
import { ERRNO_TEXT } from '../fs/vfs-types';
import { LIMITS } from '../limits';

export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
  /** `exit`/`logout`: end the current shell (or pop a su/sudo shell). */
  exit?: boolean;
  /** Order in which stdout (1) and stderr (2) were written, when it matters (cat a missing b). */
  chunks?: Array<[1 | 2, string]>;
  /** Set by CommandContext.run when argv[0] was not found in PATH. */
  notFound?: boolean;
}

/** Collects stdout/stderr in write order; `done(code)` builds the result. */
export class Output {
  private readonly chunks: Array<[1 | 2, string]> = [];
  private outSize = 0;
  private errSize = 0;

  out(text: string): void {
    if (text === '' || this.outSize >= LIMITS.maxCommandOutputBytes) return;
    const chunk = text.slice(0, LIMITS.maxCommandOutputBytes - this.outSize);
    this.outSize += chunk.length;
    this.chunks.push([1, chunk]);
  }

  err(text: string): void {
    if (text === '' || this.errSize >= LIMITS.maxCommandOutputBytes) return;
    const chunk = text.slice(0, LIMITS.maxCommandOutputBytes - this.errSize);
    this.errSize += chunk.length;
    this.chunks.push([2, chunk]);
  }

  get stdoutSize(): number {
    return this.outSize;
  }

  done(code: number): CommandResult {
    const stdout = this.chunks.filter(([fd]) => fd === 1).map(([, t]) => t).join('');
    const stderr = this.chunks.filter(([fd]) => fd === 2).map(([, t]) => t).join('');
    return { stdout, stderr, code, chunks: this.chunks };
  }
}

export interface PipelineMember {
  pid: number;
  /** Command line as typed, for `ps`. */
  cmdline: string;
}

export interface RunOptions {
  stdin?: string | null;
  /** Extra exported variables for this command only (`env A=b cmd`, `sudo`). */
  env?: ReadonlyMap<string, string>;
  /** Search this PATH instead of $PATH (sudo's secure_path). */
  path?: string;
}

export interface CommandContext {
  readonly argv: readonly string[];
  /** Piped or redirected input; null when stdin is the terminal (nothing to read). */
  readonly stdin: string | null;
  readonly state: ShellState;
  readonly user: Account;
  readonly cred: Cred;
  readonly now: Date;
  readonly pid: number;
  /** Nesting depth of $( ), scripts, sudo. */
  readonly depth: number;
  /** "-bash" for the interactive shell, "bash: line 1" in `bash -c`, "sh: 1" in dash scripts. */
  readonly shellPrefix: string;
  readonly pipeline: readonly PipelineMember[];
  /** stdout is the attacker's terminal (not a pipe or file): ls uses columns, grep colors stay off. */
  readonly tty: boolean;
  /** Exported environment this process sees. */
  readonly env: ReadonlyMap<string, string>;
  /** Run another command by argv through PATH (no builtins), capturing its output. */
  run(argv: readonly string[], opts?: RunOptions): CommandResult;
  /** Run shell source through the emulator (`sh -c`, scripts, `bash file`). */
  runScript(source: string, opts: { name: string; args: readonly string[]; stdin: string | null; dialect: 'bash' | 'sh' }): CommandResult;
}

export interface CommandSpec {
  name: string;
  /**
   * Called before an interactive line runs, with the literal argv: if the command will need a
   * password typed at the terminal (sudo, su), the shell pauses the line and prompts for it.
   */
  needsPassword?(argv: readonly string[], state: ShellState): { purpose: 'sudo' | 'su'; target?: string } | null;
  /** Absolute path of the binary; absent for builtins that have no binary (cd, export, ...). */
  path?: string;
  /** Found before PATH lookup, runs inside the shell and may change its state. */
  builtin?: boolean;
  run(ctx: CommandContext): CommandResult;
}

export function out(stdout: string, code = 0): CommandResult {
  return { stdout: cap(stdout), stderr: '', code };
}

export function err(stderr: string, code = 1, stdout = ''): CommandResult {
  return { stdout: cap(stdout), stderr: cap(stderr), code };
}

export function result(stdout: string, stderr: string, code: number): CommandResult {
  return { stdout: cap(stdout), stderr: cap(stderr), code };
}

export function cap(text: string): string {
  return text.length > LIMITS.maxCommandOutputBytes ? text.slice(0, LIMITS.maxCommandOutputBytes) : text;
}

export function errnoText(errno: Errno): string {
  return ERRNO_TEXT[errno];
}

/** coreutils quoting of file names in diagnostics ('name', with shell escaping of quotes). */
export function q(name: string): string {
  if (!name.includes("'")) return `'${name}'`;
  return `"${name}"`;
}

/** GNU "Try 'cmd --help' for more information." trailer. */
export function tryHelp(cmd: string): string {
  return `Try '${cmd} --help' for more information.\n`;
}

/** Text joined into lines ending in "\n" (or "" when there are none). */
export function lines(items: readonly string[]): string {
  return items.length === 0 ? '' : items.join('\n') + '\n';
}
