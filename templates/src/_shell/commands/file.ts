// file(1) (libmagic 5.4x): type of each operand from its node and first bytes: ELF of the persona's
// architecture, scripts by shebang, text, gzip/tar archives, empty, directories, symlinks, devices.

import type { CommandSpec } from './types';
import { Output } from './types';
import { resolvePath } from '../fs/path';
import { hash32, seededHex } from '../sys/rng';

function magic(data: string, arch: string, name: string): string {
  if (data.length === 0) return 'empty';
  if (data.startsWith('\x7fELF')) {
    const arm = data.charCodeAt(18) === 0xb7;
    const bits = data.charCodeAt(4) === 1 ? '32' : '64';
    const ld = arm ? '/lib/ld-linux-aarch64.so.1' : '/lib64/ld-linux-x86-64.so.2';
    return `ELF ${bits}-bit LSB pie executable, ${arm ? 'ARM aarch64' : 'x86-64'}, version 1 (SYSV), dynamically linked, interpreter ${ld}, BuildID[sha1]=${seededHex(`${arch}:${name}`, 20)}, for GNU/Linux 3.2.0, stripped`;
  }
  if (data.startsWith('\x1f\x8b')) return 'gzip compressed data, from Unix';
  if (data.length >= 262 && data.slice(257, 262) === 'ustar') return 'POSIX tar archive (GNU)';
  if (data.startsWith('PK\x03\x04')) return 'Zip archive data, at least v2.0 to extract';
  if (data.startsWith('#!')) {
    const interp = (data.slice(2, data.indexOf('\n') < 0 ? 80 : data.indexOf('\n')).trim().split(/\s+/).pop() ?? '').split('/').pop() ?? '';
    const kind = interp === 'sh' || interp === 'dash' ? 'POSIX shell script' : interp === 'bash' ? 'Bourne-Again shell script' : interp.startsWith('python') ? 'Python script' : interp === 'perl' ? 'Perl script' : `a ${interp} script`;
    return `${kind}, ASCII text executable`;
  }
  const sample = data.slice(0, 4096);
  if (/[\x00-\x08\x0e-\x1f]/.test(sample)) return 'data';
  const ascii = !/[\x80-\xff]/.test(sample);
  const long = sample.split('\n').some((l) => l.length > 300);
  return `${ascii ? 'ASCII' : 'Unicode'} text${long ? ', with very long lines' : ''}${sample.includes('\r\n') ? ', with CRLF line terminators' : ''}`;
}

export const file: CommandSpec = {
  name: 'file',
  path: '/usr/bin/file',
  run(ctx) {
    const o = new Output();
    const names = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    if (names.length === 0) {
      o.err('Usage: file [-bcCdEhikLlNnprsSvzZ0] [--apple] [--extension] [--mime-encoding]\n            [--mime-type] [-e <testname>] [-F <separator>]  [-f <namefile>]\n            [-m <magicfiles>] [-P <parameter=value>] [--exclude-quiet]\n            <file> ...\n       file -C [-m <magicfiles>]\n       file [--help]\n');
      return o.done(1);
    }
    const brief = ctx.argv.includes('-b');
    const width = Math.max(...names.map((n) => n.length)) + 1;
    for (const name of names) {
      const path = resolvePath(ctx.state.cwd, name);
      const fs = ctx.state.fs;
      const l = fs.lstat(path, ctx.cred);
      let what: string;
      if (!l.ok) what = `cannot open \`${name}' (No such file or directory)`;
      else if (l.value.node.kind === 'link') what = `symbolic link to ${l.value.node.target ?? ''}`;
      else if (l.value.node.kind === 'dir') what = `${(l.value.node.mode & 0o1000) !== 0 ? 'sticky, ' : ''}directory`;
      else if (l.value.node.kind === 'chardev') what = `character special (${(l.value.node.rdev ?? [1, 3]).join('/')})`;
      else if (fs.isProc(path)) what = 'empty';
      else {
        const r = fs.readFile(path, ctx.cred);
        what = r.ok ? magic(r.value, ctx.state.persona.arch, `${ctx.state.persona.seed}:${hash32(path)}`) : `regular file, no read permission`;
      }
      o.out(brief ? `${what}\n` : `${`${name}:`.padEnd(width)} ${what}\n`);
    }
    return o.done(0);
  },
};
