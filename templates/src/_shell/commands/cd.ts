// cd (bash builtin): logical path handling like bash (`cd ..` after following a symlink goes back
// lexically), `cd -`, `~`, $HOME, PWD/OLDPWD, and the kernel's errors for missing or forbidden dirs.

import type { CommandSpec } from './types';
import { err, out } from './types';
import { resolvePath } from '../fs/path';
import { canAccess } from '../fs/perms';
import { ERRNO_TEXT } from '../fs/vfs-types';
import { homeOf } from '../state';

export const cd: CommandSpec = {
  name: 'cd',
  builtin: true,
  run(ctx) {
    const s = ctx.state;
    const args = ctx.argv.slice(1).filter((a) => a !== '-L' && a !== '-P' && a !== '--');
    if (args.length > 1) return err(`${ctx.shellPrefix}: cd: too many arguments\n`);
    let target = args[0];
    let print = false;
    if (target === undefined || target === '') {
      target = homeOf(s);
      if (target === undefined) return err(`${ctx.shellPrefix}: cd: HOME not set\n`);
    } else if (target === '-') {
      const old = s.vars.get('OLDPWD');
      if (old === undefined) return err(`${ctx.shellPrefix}: cd: OLDPWD not set\n`);
      target = old;
      print = true;
    }
    const path = resolvePath(s.cwd, target);
    const r = s.fs.stat(path, ctx.cred);
    if (!r.ok) return err(`${ctx.shellPrefix}: cd: ${target}: ${ERRNO_TEXT[r.errno]}\n`);
    if (r.value.node.kind !== 'dir') return err(`${ctx.shellPrefix}: cd: ${target}: Not a directory\n`);
    if (!canAccess(r.value.node, ctx.cred, 'x')) return err(`${ctx.shellPrefix}: cd: ${target}: Permission denied\n`);
    s.vars.set('OLDPWD', s.cwd);
    s.exported.add('OLDPWD');
    s.cwd = path;
    s.vars.set('PWD', path);
    return out(print ? `${path}\n` : '');
  },
};
