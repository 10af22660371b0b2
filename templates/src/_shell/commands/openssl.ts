// openssl(1): `version` (-a) of the persona's OpenSSL package, real digests for `dgst`/`md5`/`sha256`,
// `rand -hex N` from the session's seed; connections (s_client) fail like curl's.

import { createHash } from 'node:crypto';
import type { CommandSpec } from './types';
import { Output } from './types';
import { upstream } from '../sys/packages';
import { readInput } from './inputs';
import { ERRNO_TEXT } from '../fs/vfs-types';
import { seededHex } from '../sys/rng';

export const openssl: CommandSpec = {
  name: 'openssl',
  path: '/usr/bin/openssl',
  run(ctx) {
    const o = new Output();
    const p = ctx.state.persona;
    const v = upstream(p, 'openssl', '3.0.11');
    const a = ctx.argv.slice(1);
    const date = v === '3.0.2' ? '15 Mar 2022' : v === '3.0.7' ? '1 Nov 2022' : '19 Sep 2023';
    const sub = a[0] ?? '';
    if (sub === 'version') {
      o.out(`OpenSSL ${v} ${date} (Library: OpenSSL ${v} ${date})\n`);
      if (a.includes('-a')) o.out(`built on: Sun Oct 29 10:12:11 2023 UTC\nplatform: debian-${p.arch === 'aarch64' ? 'arm64' : 'amd64'}\nOPENSSLDIR: "/usr/lib/ssl"\nENGINESDIR: "/usr/lib/${p.arch}-linux-gnu/engines-3"\nMODULESDIR: "/usr/lib/${p.arch}-linux-gnu/ossl-modules"\nSeeding source: os-specific\nCPUINFO: N/A\n`);
      return o.done(0);
    }
    const algo = sub === 'dgst' ? (a.find((x) => /^-(md5|sha1|sha256|sha512)$/.test(x)) ?? '-sha256').slice(1) : ['md5', 'sha1', 'sha256', 'sha512'].includes(sub) ? sub : null;
    if (algo !== null) {
      const files = a.slice(1).filter((x) => !x.startsWith('-'));
      for (const f of files.length === 0 ? ['-'] : files) {
        const input = readInput(ctx, f);
        if (!input.ok) {
          o.err(`${f}: ${ERRNO_TEXT[input.errno]}\n`);
          return o.done(1);
        }
        const hex = createHash(algo).update(Buffer.from(input.text, 'latin1')).digest('hex');
        o.out(f === '-' ? `(stdin)= ${hex}\n` : `${algo.toUpperCase()}(${f})= ${hex}\n`);
      }
      return o.done(0);
    }
    if (sub === 'rand' && a.includes('-hex')) {
      const n = Math.max(1, Math.min(4096, Number.parseInt(a[a.length - 1] ?? '16', 10) || 16));
      o.out(`${seededHex(`${p.seed}:rand:${ctx.pid}`, n)}\n`);
      return o.done(0);
    }
    if (sub === 's_client') {
      o.err(`${ctx.pid}:error:8000006F:system library:BIO_connect:Connection refused:../crypto/bio/bio_sock2.c:114:calling connect()\n${ctx.pid}:error:10000067:BIO routines:BIO_connect:connect error:../crypto/bio/bio_sock2.c:116:\nconnect:errno=111\n`);
      return o.done(1);
    }
    if (sub === '') {
      o.out('help:\n\nStandard commands\nasn1parse         ca                ciphers           cmp\n');
      return o.done(0);
    }
    o.err(`Invalid command '${sub}'; type "help" for a list.\n`);
    return o.done(1);
  },
};
