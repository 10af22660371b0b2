// Entering a nested shell as another user (su, sudo -i/-s, bash): save the outer shell as a frame,
// switch identity and environment like PAM/su do, and list the new processes for ps. `exit` in the
// session layer pops the frame.

import type { ShellState } from '../state';
import { allocPid } from '../state';
import type { Account } from '../sys/accounts';
import { defaultPath } from '../flavor';

export interface EnterOptions {
  /** Login shell ("su -", "sudo -i"): cwd becomes the target's home, environment is reset. */
  login: boolean;
  /** Command line of the intermediate process (e.g. "sudo -i", "su -"), or null for a plain subshell. */
  via: string | null;
  /** Name of the new shell process as ps shows it ("-bash" or "bash"). */
  shellCommand: string;
  /** Extra variables (SUDO_USER, ...). */
  extraEnv?: ReadonlyMap<string, string>;
}

export function enterShell(state: ShellState, target: Account, opts: EnterOptions): void {
  state.frames.push({ user: state.user, cwd: state.cwd, vars: new Map(state.vars), exported: new Set(state.exported), login: opts.login, shellPid: state.shellPid });
  const depth = state.frames.length;
  const now = state.clock().getTime();
  let parent = state.shellPid;
  if (opts.via !== null) {
    const viaPid = allocPid(state);
    state.sessionProcs.push({ pid: viaPid, ppid: parent, user: 'root', command: opts.via, startMs: now, depth });
    parent = viaPid;
  }
  const shellPid = allocPid(state);
  state.sessionProcs.push({ pid: shellPid, ppid: parent, user: target.name, command: opts.shellCommand, startMs: now, depth });
  state.shellPid = shellPid;
  state.user = target;
  if (opts.login) {
    const keep = ['TERM', 'LANG', 'SSH_CONNECTION', 'SSH_CLIENT', 'SSH_TTY'];
    const vars = new Map<string, string>();
    for (const k of keep) {
      const v = state.vars.get(k);
      if (v !== undefined) vars.set(k, v);
    }
    for (const k of ['HISTSIZE', 'HISTFILESIZE', 'HISTCONTROL', 'PS2', 'BASH', 'BASH_VERSION']) {
      const v = state.vars.get(k);
      if (v !== undefined) vars.set(k, v);
    }
    vars.set('HOME', target.home);
    vars.set('SHELL', target.shell);
    vars.set('USER', target.name);
    vars.set('LOGNAME', target.name);
    vars.set('PATH', defaultPath(state.persona, target));
    vars.set('MAIL', `/var/mail/${target.name}`);
    vars.set('PWD', target.home);
    vars.set('SHLVL', '1');
    state.vars = vars;
    state.exported = new Set([...vars.keys()].filter((k) => !['HISTSIZE', 'HISTFILESIZE', 'HISTCONTROL', 'PS2', 'BASH', 'BASH_VERSION'].includes(k)));
    const home = state.fs.stat(target.home, state.accounts.cred(target));
    state.cwd = home.ok ? target.home : '/';
  } else {
    state.vars.set('SHLVL', String(Number.parseInt(state.vars.get('SHLVL') ?? '1', 10) + 1));
    // su and sudo set the target's HOME/SHELL/USER/LOGNAME; a plain `bash` keeps everything.
    if (state.vars.get('USER') !== target.name) {
      state.vars.set('HOME', target.home);
      state.vars.set('SHELL', target.shell);
      state.vars.set('USER', target.name);
      state.vars.set('LOGNAME', target.name);
    }
  }
  for (const [k, v] of opts.extraEnv ?? []) {
    state.vars.set(k, v);
    state.exported.add(k);
  }
}

/** Run `fn` with a temporary identity (sudo cmd, su -c), unless it entered a new shell meanwhile. */
export function withUser<T>(state: ShellState, target: Account, fn: () => T): T {
  const saved = state.user;
  const frames = state.frames.length;
  state.user = target;
  try {
    return fn();
  } finally {
    if (state.frames.length === frames) state.user = saved;
    else {
      // A shell was entered (sudo su, sudo bash): leaving it returns to the original user.
      const frame = state.frames[frames];
      if (frame) frame.user = saved;
    }
  }
}
