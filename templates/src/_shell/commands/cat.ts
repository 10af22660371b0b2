// cat(1): files and stdin in order, errors interleaved where they happen ("cat: x: No such file or
// directory", "Is a directory", "Permission denied"), -n/-b numbering, -A/-E/-T markers.

import type { CommandSpec } from './types';
import { Output } from './types';
import { getopt } from './getopt';
import { readInput, splitLines } from './inputs';
import { ERRNO_TEXT } from '../fs/vfs-types';

export const cat: CommandSpec = {
  name: 'cat',
  path: '/usr/bin/cat',
  run(ctx) {
    const o = new Output();
    const parsed = getopt('cat', ctx.argv.slice(1), { flags: 'nbsAETuve', long: { number: 'n', 'number-nonblank': 'b', 'squeeze-blank': 's', 'show-all': 'A', 'show-ends': 'E', 'show-tabs': 'T' } });
    if (!parsed.ok) {
      o.err(parsed.error);
      return o.done(1);
    }
    const f = parsed.opts.flags;
    const operands = parsed.opts.operands.length === 0 ? ['-'] : parsed.opts.operands;
    let code = 0;
    let lineNo = 0;
    for (const name of operands) {
      const input = readInput(ctx, name);
      if (!input.ok) {
        o.err(`cat: ${name}: ${ERRNO_TEXT[input.errno]}\n`);
        code = 1;
        continue;
      }
      let text = input.text;
      if (f.has('n') || f.has('b') || f.has('E') || f.has('A') || f.has('T') || f.has('e')) {
        const trailing = text.endsWith('\n');
        text = splitLines(text)
          .map((line) => {
            let l = line;
            if (f.has('T') || f.has('A')) l = l.replaceAll('\t', '^I');
            if (f.has('E') || f.has('A') || f.has('e')) l += '$';
            if (f.has('b') ? line !== '' : f.has('n')) l = `${String(++lineNo).padStart(6)}\t${l}`;
            return l;
          })
          .join('\n') + (trailing ? '\n' : '');
      }
      o.out(text);
      if (o.stdoutSize >= 65_536) break;
    }
    return o.done(code);
  },
};
