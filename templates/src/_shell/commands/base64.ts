// base64(1): encode with line wrapping (-w), decode (-d) with coreutils' "invalid input".

import type { CommandSpec } from './types';
import { Output, err } from './types';
import { getopt } from './getopt';
import { readInputs } from './inputs';
import { ERRNO_TEXT } from '../fs/vfs-types';

export const base64: CommandSpec = {
  name: 'base64',
  path: '/usr/bin/base64',
  run(ctx) {
    const o = new Output();
    const p = getopt('base64', ctx.argv.slice(1), { flags: 'diw', withArg: 'w', long: { decode: 'd', 'ignore-garbage': 'i', 'wrap=': 'w' } });
    if (!p.ok) return err(p.error);
    const inputs = readInputs(ctx, p.opts.operands.slice(0, 1));
    const input = inputs[0];
    if (!input || !input.ok) return err(`base64: ${input?.name ?? ''}: ${input && !input.ok ? ERRNO_TEXT[input.errno] : ''}\n`);
    if (p.opts.flags.has('d')) {
      const clean = input.text.replace(/[\s]/g, '');
      const valid = /^[A-Za-z0-9+/]*={0,2}$/.test(clean);
      const body = valid ? clean : clean.replace(/[^A-Za-z0-9+/=]/g, '');
      try {
        o.out(atob(body.padEnd(Math.ceil(body.length / 4) * 4, '=')));
      } catch {
        o.err('base64: invalid input\n');
        return o.done(1);
      }
      if (!valid && !p.opts.flags.has('i')) {
        o.err('base64: invalid input\n');
        return o.done(1);
      }
      return o.done(0);
    }
    const bytes = [...input.text].map((c) => c.charCodeAt(0)).some((c) => c > 255) ? String.fromCharCode(...new TextEncoder().encode(input.text)) : input.text;
    const encoded = btoa(bytes);
    const wrap = Number.parseInt(p.opts.values.get('w') ?? '76', 10);
    const width = wrap > 0 ? Math.min(wrap, 100_000) : encoded.length || 1;
    const linesOut: string[] = [];
    for (let i = 0; i < encoded.length; i += width) linesOut.push(encoded.slice(i, i + width));
    o.out(linesOut.join('\n') + (encoded.length > 0 ? '\n' : ''));
    return o.done(0);
  },
};
