// sh / bash / dash: `-c CMD`, script files and piped scripts (`curl ... | sh`) run through the
// emulator itself, never executed; with no input an interactive subshell starts (SHLVL+1, `exit`
// returns). Debian's sh is dash, so its errors use dash's "sh: 1: x: not found" wording.

import type { CommandSpec } from './types';
import { err, out } from './types';
import { resolvePath } from '../fs/path';
import { ERRNO_TEXT } from '../fs/vfs-types';
import { bashVersion } from '../flavor';
import { enterShell } from './switch-user';

function makeShell(name: 'sh' | 'bash' | 'dash', path: string): CommandSpec {
  return {
    name,
    path,
    run(ctx) {
      const s = ctx.state;
      const dashLike = name === 'dash' || (name === 'sh' && s.persona.family !== 'rhel');
      const dialect = dashLike ? 'sh' : 'bash';
      const shown = ctx.argv[0] ?? name;
      const args = ctx.argv.slice(1);
      while (args.length > 0 && /^-[ilsxevuh]+$/.test(args[0] ?? '') && args[0] !== '-c') args.shift();
      if (args[0] === '--version' && !dashLike) {
        return out(`GNU bash, version ${bashVersion(s.persona)} (${s.persona.arch}-pc-linux-gnu)\nCopyright (C) 2020 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\n\nThis is free software; you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n`);
      }
      if (args[0] === '-c') {
        const source = args[1];
        if (source === undefined) return err(dashLike ? `${shown}: 0: -c requires an argument\n` : `${shown}: -c: option requires an argument\n`, 2);
        const r = ctx.runScript(source, { name: args[2] ?? shown, args: args.slice(3), stdin: ctx.stdin, dialect });
        return r;
      }
      const file = args[0];
      if (file !== undefined) {
        const data = s.fs.readFile(resolvePath(s.cwd, file), ctx.cred);
        if (!data.ok) return dashLike ? err(`${shown}: 0: cannot open ${file}: No such file\n`, 2) : err(`${shown}: ${file}: ${ERRNO_TEXT[data.errno]}\n`, 127);
        const r = ctx.runScript(data.value, { name: file, args: args.slice(1), stdin: ctx.stdin, dialect });
        return r;
      }
      if (ctx.stdin !== null) {
        const r = ctx.runScript(ctx.stdin, { name: shown, args: [], stdin: null, dialect });
        return r;
      }
      if (ctx.depth === 0) enterShell(s, s.user, { login: false, via: null, shellCommand: name === 'bash' ? 'bash' : name });
      return out('');
    },
  };
}

export const bash = makeShell('bash', '/usr/bin/bash');
export const sh = makeShell('sh', '/usr/bin/sh');
export const dash = makeShell('dash', '/usr/bin/dash');
