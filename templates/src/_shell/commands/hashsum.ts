// md5sum / sha1sum / sha256sum / sha512sum (coreutils): real digests of the virtual files' bytes,
// "-" for stdin, coreutils' error wording, and -c checking of "<hash>  <name>" lists.

import { createHash } from 'node:crypto';
import type { CommandSpec } from './types';
import { Output } from './types';
import { readInput, splitLines } from './inputs';
import { ERRNO_TEXT } from '../fs/vfs-types';

function digest(algo: string, text: string): string {
  return createHash(algo).update(Buffer.from(text, 'latin1')).digest('hex');
}

function makeSum(name: string, algo: string): CommandSpec {
  return {
    name,
    path: `/usr/bin/${name}`,
    run(ctx) {
      const o = new Output();
      const args = ctx.argv.slice(1);
      const check = args.includes('-c') || args.includes('--check');
      const names = args.filter((a) => !a.startsWith('-') || a === '-');
      let code = 0;
      for (const n of names.length === 0 ? ['-'] : names) {
        const input = readInput(ctx, n);
        if (!input.ok) {
          o.err(`${name}: ${n}: ${ERRNO_TEXT[input.errno]}\n`);
          code = 1;
          continue;
        }
        if (!check) {
          o.out(`${digest(algo, input.text)}  ${n}\n`);
          continue;
        }
        let bad = 0;
        for (const line of splitLines(input.text).slice(0, 1000)) {
          const m = /^([0-9a-fA-F]+) [ *](.+)$/.exec(line);
          if (!m) continue;
          const target = readInput(ctx, m[2] ?? '');
          const good = target.ok && digest(algo, target.text) === (m[1] ?? '').toLowerCase();
          if (!good) bad++;
          o.out(`${m[2] ?? ''}: ${target.ok ? (good ? 'OK' : 'FAILED') : 'FAILED open or read'}\n`);
        }
        if (bad > 0) {
          o.err(`${name}: WARNING: ${bad} computed checksum${bad > 1 ? 's' : ''} did NOT match\n`);
          code = 1;
        }
      }
      return o.done(code);
    },
  };
}

export const md5sum = makeSum('md5sum', 'md5');
export const sha1sum = makeSum('sha1sum', 'sha1');
export const sha256sum = makeSum('sha256sum', 'sha256');
export const sha512sum = makeSum('sha512sum', 'sha512');
