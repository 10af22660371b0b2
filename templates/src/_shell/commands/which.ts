// which(1): PATH search over the virtual filesystem, so it only names commands that really run.
// Debian's which is silent on misses; RHEL's prints "no x in (PATH)".

import type { CommandContext, CommandSpec } from './types';
import { result } from './types';
import { joinPath, resolvePath } from '../fs/path';
import { canAccess } from '../fs/perms';

/** Executable paths for `name` along $PATH (first only unless `all`). */
export function searchPath(ctx: CommandContext, name: string, all: boolean): string[] {
  const path = ctx.env.get('PATH') ?? '';
  const candidates = name.includes('/') ? [name] : path.split(':').filter((d) => d !== '').slice(0, 64).map((d) => joinPath(d, name));
  const found: string[] = [];
  for (const c of candidates) {
    const r = ctx.state.fs.stat(resolvePath(ctx.state.cwd, c), ctx.cred);
    if (r.ok && r.value.node.kind === 'file' && canAccess(r.value.node, ctx.cred, 'x')) {
      found.push(c);
      if (!all) break;
    }
  }
  return found;
}

export const which: CommandSpec = {
  name: 'which',
  path: '/usr/bin/which',
  run(ctx) {
    const args = ctx.argv.slice(1);
    const all = args.includes('-a');
    const names = args.filter((a) => !a.startsWith('-'));
    let stdout = '';
    let stderr = '';
    let code = names.length === 0 ? 1 : 0;
    for (const name of names) {
      const found = searchPath(ctx, name, all);
      if (found.length > 0) stdout += found.join('\n') + '\n';
      else {
        code = 1;
        if (ctx.state.persona.family === 'rhel') stderr += `/usr/bin/which: no ${name} in (${ctx.env.get('PATH') ?? ''})\n`;
      }
    }
    return result(stdout, stderr, code);
  },
};
