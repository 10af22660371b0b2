// nohup(1): runs the command (through the emulator) with output appended to nohup.out when stdout
// is the terminal, printing coreutils' "ignoring input" notices.

import type { CommandSpec } from './types';
import { err, result } from './types';
import { joinPath, resolvePath } from '../fs/path';

export const nohup: CommandSpec = {
  name: 'nohup',
  path: '/usr/bin/nohup',
  run(ctx) {
    const args = ctx.argv.slice(1);
    if (args[0] === '--') args.shift();
    if (args.length === 0) return err("nohup: missing operand\nTry 'nohup --help' for more information.\n", 125);
    const r = ctx.run(args, { stdin: null });
    if (r.notFound) return err(`nohup: failed to run command '${args[0] ?? ''}': No such file or directory\n`, 127);
    if (!ctx.tty) return result(r.stdout, `nohup: ignoring input\n${r.stderr}`, r.code);
    const fs = ctx.state.fs;
    let target = 'nohup.out';
    let w = fs.writeFile(resolvePath(ctx.state.cwd, target), r.stdout, ctx.cred, true);
    if (!w.ok) {
      target = joinPath(ctx.state.vars.get('HOME') ?? ctx.user.home, 'nohup.out');
      w = fs.writeFile(target, r.stdout, ctx.cred, true);
    }
    if (!w.ok) return err('nohup: failed to open \'nohup.out\': Permission denied\n', 125);
    return result('', `nohup: ignoring input and appending output to '${target}'\n`, r.code);
  },
};
