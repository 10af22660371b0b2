// su(1) (util-linux): switch to another user (root by default), `-`/-l login shells, -c COMMAND.
// Non-root callers must type a password (the shell prompts "Password:"); only the login user's own
// password works, so `su` to root fails with "Authentication failure" as on a host with a locked root.

import type { CommandSpec } from './types';
import { err, out } from './types';
import { enterShell, withUser } from './switch-user';

interface SuArgs {
  login: boolean;
  command: string | null;
  target: string;
  help: boolean;
}

function parse(argv: readonly string[]): SuArgs {
  const a: SuArgs = { login: false, command: null, target: 'root', help: false };
  let targetSet = false;
  for (let i = 1; i < argv.length; i++) {
    const x = argv[i] ?? '';
    if (x === '-' || x === '-l' || x === '--login') a.login = true;
    else if (x === '-c' || x === '--command') a.command = argv[++i] ?? '';
    else if (x.startsWith('--command=')) a.command = x.slice(10);
    else if (x === '-s' || x === '--shell') i++;
    else if (x === '-h' || x === '--help' || x === '-V' || x === '--version') a.help = true;
    else if (x.startsWith('-')) continue;
    else if (!targetSet) {
      a.target = x;
      targetSet = true;
    }
  }
  return a;
}

export const su: CommandSpec = {
  name: 'su',
  path: '/usr/bin/su',
  needsPassword(argv, state) {
    if (state.user.uid === 0) return null;
    const a = parse(argv);
    if (a.help || state.grant?.kind === 'su') return null;
    if (!state.accounts.byName(a.target)) return null;
    return { purpose: 'su', target: a.target };
  },
  run(ctx) {
    const s = ctx.state;
    const a = parse(ctx.argv);
    if (a.help) return out('\nUsage:\n su [options] [-] [<user> [<argument>...]]\n\nChange the effective user ID and group ID to that of <user>.\nA mere - implies -l.  If <user> is not given, root is assumed.\n');
    const target = s.accounts.byName(a.target);
    if (!target) return err(`su: user ${a.target} does not exist or the user entry does not contain all the required fields\n`);
    if (ctx.user.uid !== 0) {
      const grant = s.grant?.kind === 'su' ? s.grant : null;
      s.grant = null;
      if (!grant) return err('su: must be run from a terminal\n');
      if (grant.result !== 'ok') return err('su: Authentication failure\n');
    }
    if (a.command !== null) {
      const cmd = a.command;
      const r = withUser(s, target, () => ctx.runScript(cmd, { name: 'bash', args: [], stdin: ctx.stdin, dialect: 'bash' }));
      return r;
    }
    enterShell(s, target, { login: a.login, via: a.login ? `su - ${a.target}`.trimEnd() : `su ${a.target}`, shellCommand: a.login ? '-bash' : 'bash' });
    return out('');
  },
};
