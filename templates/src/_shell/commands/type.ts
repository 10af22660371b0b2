// type (bash builtin): alias, keyword, builtin or PATH location of each name.

import type { CommandSpec } from './types';
import { Output } from './types';
import { searchPath } from './which';

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time', '{', '}', '!', '[[', ']]']);

/** Bash builtins, including ones the emulator does not implement (they still "are" builtins). */
export const BASH_BUILTINS = new Set(['cd', 'echo', 'pwd', 'printf', 'export', 'unset', 'history', 'exit', 'logout', 'alias', 'unalias', 'type', 'true', 'false', ':', 'source', '.', 'kill', 'umask', 'set', 'shopt', 'read', 'test', '[', 'wait', 'jobs', 'bg', 'fg', 'eval', 'exec', 'trap', 'ulimit', 'hash', 'local', 'return', 'shift', 'declare', 'readonly', 'command', 'builtin', 'enable', 'help', 'let', 'times', 'umask', 'disown', 'suspend', 'dirs', 'pushd', 'popd', 'getopts', 'complete', 'compgen', 'caller', 'mapfile', 'readarray', 'typeset', 'fc', 'bind', 'logout']);

export const type: CommandSpec = {
  name: 'type',
  builtin: true,
  run(ctx) {
    const o = new Output();
    let code = 0;
    for (const name of ctx.argv.slice(1).filter((a) => !a.startsWith('-'))) {
      const alias = ctx.state.aliases.get(name);
      const found = searchPath(ctx, name, false)[0];
      if (alias !== undefined) o.out(`${name} is aliased to \`${alias}'\n`);
      else if (KEYWORDS.has(name)) o.out(`${name} is a shell keyword\n`);
      else if (BASH_BUILTINS.has(name)) o.out(`${name} is a shell builtin\n`);
      else if (found !== undefined) o.out(`${name} is ${found}\n`);
      else {
        o.err(`${ctx.shellPrefix}: type: ${name}: not found\n`);
        code = 1;
      }
    }
    return o.done(code);
  },
};
