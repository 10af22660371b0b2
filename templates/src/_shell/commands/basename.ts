// basename(1): last path component, optional suffix removal.

import type { CommandSpec } from './types';
import { err, out } from './types';

export const basenameCmd: CommandSpec = {
  name: 'basename',
  path: '/usr/bin/basename',
  run(ctx) {
    const [name, suffix] = ctx.argv.slice(1);
    if (name === undefined) return err("basename: missing operand\nTry 'basename --help' for more information.\n");
    let b = name.replace(/\/+$/, '');
    b = b === '' ? '/' : b.slice(b.lastIndexOf('/') + 1);
    if (suffix !== undefined && b.endsWith(suffix) && b !== suffix) b = b.slice(0, -suffix.length);
    return out(`${b}\n`);
  },
};
