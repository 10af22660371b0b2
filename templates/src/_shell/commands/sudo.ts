// sudo(8) (1.9.9): runs commands as root via secure_path, -i/-s shells, -u, -l, -n, -S, -k, -v.
// Authentication: the interactive shell pauses the line and prompts "[sudo] password for user:"
// (see password.ts); the only accepted password is the one used to log in; users outside the admin
// group get the classic "is not in the sudoers file" after typing it.

import type { CommandContext, CommandResult, CommandSpec } from './types';
import { err, out, result } from './types';
import type { ShellState } from '../state';
import { enterShell, withUser } from './switch-user';
import { emitAuth } from '../password';

const USAGE = `usage: sudo -h | -K | -k | -V
usage: sudo -v [-AknS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-AknS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command]
usage: sudo [-AbEHknPS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i|-s] [<command>]
usage: sudo -e [-AknS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...
`;

interface SudoArgs {
  login: boolean;
  shell: boolean;
  list: boolean;
  nonInteractive: boolean;
  stdinPassword: boolean;
  validate: boolean;
  reset: boolean;
  version: boolean;
  help: boolean;
  user: string;
  command: string[];
  bad: string | null;
}

function parse(argv: readonly string[]): SudoArgs {
  const a: SudoArgs = { login: false, shell: false, list: false, nonInteractive: false, stdinPassword: false, validate: false, reset: false, version: false, help: false, user: 'root', command: [], bad: null };
  for (let i = 1; i < argv.length; i++) {
    const x = argv[i] ?? '';
    if (x === '--') {
      a.command = argv.slice(i + 1);
      break;
    }
    if (!x.startsWith('-') || x === '-') {
      a.command = argv.slice(i);
      break;
    }
    if (x === '--login') a.login = true;
    else if (x === '--shell') a.shell = true;
    else if (x === '--list') a.list = true;
    else if (x === '--non-interactive') a.nonInteractive = true;
    else if (x === '--stdin') a.stdinPassword = true;
    else if (x === '--version') a.version = true;
    else if (x === '--help') a.help = true;
    else if (x.startsWith('--user=')) a.user = x.slice(7);
    else if (x.startsWith('--')) a.bad = x;
    else {
      for (let j = 1; j < x.length; j++) {
        const c = x[j];
        if (c === 'i') a.login = true;
        else if (c === 's') a.shell = true;
        else if (c === 'l') a.list = true;
        else if (c === 'n') a.nonInteractive = true;
        else if (c === 'S') a.stdinPassword = true;
        else if (c === 'v') a.validate = true;
        else if (c === 'k' || c === 'K') a.reset = true;
        else if (c === 'V') a.version = true;
        else if (c === 'h') a.help = true;
        else if (c === 'u' || c === 'g' || c === 'p' || c === 'C' || c === 'D' || c === 'r' || c === 't' || c === 'T' || c === 'U') {
          const value = x.slice(j + 1) || argv[++i] || '';
          if (c === 'u') a.user = value;
          break;
        } else if (!'EHPAbB'.includes(c ?? '')) a.bad = `-${c}`;
      }
    }
  }
  return a;
}

export function securePath(state: ShellState): string {
  return `/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin${state.persona.osPrettyName.toLowerCase().includes('ubuntu') ? ':/snap/bin' : ''}`;
}

/** Decide whether this sudo may run now; a failure result ends the command. */
function authorize(ctx: CommandContext, a: SudoArgs): CommandResult | null {
  const s = ctx.state;
  if (ctx.user.uid === 0) return null;
  const grant = s.grant?.kind === 'sudo' ? s.grant : null;
  if (grant) s.grant = null;
  const name = ctx.user.name;
  const notSudoer = `${name} is not in the sudoers file.  This incident will be reported.\n`;
  if (grant?.result === 'denied') return err(notSudoer);
  if (grant?.result === 'failed') return err('');
  if (s.sudoUntilMs > ctx.now.getTime() && ctx.user.sudo) return null;
  if (a.stdinPassword) {
    const pw = (ctx.stdin ?? '').split('\n')[0] ?? '';
    const prompt = `[sudo] password for ${name}: `;
    const good = s.loginPassword !== undefined && pw !== '' && pw === s.loginPassword;
    emitAuth(s, name, pw.slice(0, 256), good, 'sudo');
    if (!good) return err(`${prompt}\nsudo: 1 incorrect password attempt\n`);
    if (!ctx.user.sudo) return err(`${prompt}${notSudoer}`);
    s.sudoUntilMs = ctx.now.getTime() + 15 * 60_000;
    return { stdout: '', stderr: prompt, code: 0 };
  }
  if (a.nonInteractive) return err('sudo: a password is required\n');
  return err('sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper\nsudo: a password is required\n');
}

export const sudo: CommandSpec = {
  name: 'sudo',
  path: '/usr/bin/sudo',
  needsPassword(argv, state) {
    if (state.user.uid === 0 || argv.length < 2) return null;
    const a = parse(argv);
    if (a.help || a.version || a.reset || a.nonInteractive || a.stdinPassword || a.bad !== null) return null;
    if (!a.list && !a.login && !a.shell && !a.validate && a.command.length === 0) return null;
    if (state.grant?.kind === 'sudo') return null;
    if (state.user.sudo && state.sudoUntilMs > state.clock().getTime()) return null;
    return { purpose: 'sudo' };
  },
  run(ctx) {
    const s = ctx.state;
    const a = parse(ctx.argv);
    if (a.version) return out('Sudo version 1.9.9\nSudoers policy plugin version 1.9.9\nSudoers file grammar version 48\nSudoers I/O plugin version 1.9.9\nSudoers audit plugin version 1.9.9\n');
    if (a.bad !== null) return err(`sudo: invalid option -- '${a.bad.replace(/^-+/, '')}'\n${USAGE}`);
    if (a.help || ctx.argv.length < 2) return err(USAGE, a.help ? 0 : 1);
    if (a.reset) {
      s.sudoUntilMs = 0;
      if (a.command.length === 0) return out('');
    }
    if (!a.list && !a.login && !a.shell && !a.validate && a.command.length === 0) return err(USAGE);
    const target = s.accounts.byName(a.user);
    if (!target) return err(`sudo: unknown user ${a.user}\nsudo: error initializing audit plugin sudoers_audit\n`);
    const denied = authorize(ctx, a);
    if (denied && denied.code !== 0) return denied;
    const prefix = denied?.stderr ?? '';
    if (a.validate) return result('', prefix, 0);
    if (a.list) {
      const host = s.persona.hostname;
      const text = ctx.user.uid === 0 || ctx.user.sudo
        ? `Matching Defaults entries for ${ctx.user.name} on ${host}:\n    env_reset, mail_badpass, secure_path=${securePath(s).replaceAll(':', '\\:')}, use_pty\n\nUser ${ctx.user.name} may run the following commands on ${host}:\n    (ALL : ALL) ALL\n`
        : `Sorry, user ${ctx.user.name} may not run sudo on ${host}.\n`;
      return result(text, prefix, ctx.user.uid === 0 || ctx.user.sudo ? 0 : 1);
    }
    const extraEnv = new Map([
      ['SUDO_USER', ctx.user.name],
      ['SUDO_UID', String(ctx.user.uid)],
      ['SUDO_GID', String(ctx.user.gid)],
      ['SUDO_COMMAND', ctx.argv.slice(1).join(' ').slice(0, 1024)],
    ]);
    if ((a.login || a.shell) && a.command.length === 0) {
      enterShell(s, target, { login: a.login, via: `sudo ${ctx.argv.slice(1).join(' ')}`.slice(0, 256), shellCommand: a.login ? '-bash' : '/bin/bash', extraEnv });
      return result('', prefix, 0);
    }
    const r = withUser(s, target, () => ctx.run(a.command, { stdin: a.stdinPassword ? (ctx.stdin ?? '').split('\n').slice(1).join('\n') : ctx.stdin, env: extraEnv, path: securePath(s) }));
    if (r.notFound) return err(`${prefix}sudo: ${a.command[0] ?? ''}: command not found\n`);
    if (prefix === '') return r;
    return { ...r, stderr: prefix + r.stderr, ...(r.chunks ? { chunks: [[2, prefix], ...r.chunks] } : {}) };
  },
};
