// wget(1) (GNU Wget 1.21): prints exactly what wget prints when a download fails (timestamped
// request line, resolver or connection failure, exit status 4), creates the empty -O file as the
// real tool does, and reports every URL as a `download` event. Nothing is ever fetched.

import type { CommandSpec } from './types';
import { Output } from './types';
import { getopt } from './getopt';
import { isIpLiteral, localAddress, parseUrl } from './fetch-fail';
import { strftime } from '../sys/time-format';
import { resolvePath } from '../fs/path';
import { ERRNO_TEXT } from '../fs/vfs-types';

export const wget: CommandSpec = {
  name: 'wget',
  path: '/usr/bin/wget',
  run(ctx) {
    const o = new Output();
    const parsed = getopt('wget', ctx.argv.slice(1), {
      flags: 'qvcbNrkpmSnd46',
      withArg: 'OoPtTUeaiQlwAR',
      long: { quiet: 'q', verbose: 'v', continue: 'c', background: 'b', 'output-document=': 'O', 'output-file=': 'o', 'directory-prefix=': 'P', 'tries=': 't', 'timeout=': 'T', 'user-agent=': 'U', 'no-check-certificate': 'ncc', 'header=': 'header', 'post-data=': 'post', 'method=': 'method', 'limit-rate=': 'rate', 'no-verbose': 'nv', 'show-progress': 'sp', 'http-user=': 'hu', 'http-password=': 'hp', 'user=': 'user', 'password=': 'password', recursive: 'r', 'no-parent': 'np', 'input-file=': 'i', 'no-cache': 'nc', 'progress=': 'progress' },
    });
    if (!parsed.ok) {
      o.err(parsed.error.replace(/Try 'wget --help'.*/, "Usage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options."));
      return o.done(2);
    }
    const { flags, values, operands } = parsed.opts;
    const utf8 = /utf-?8/i.test(ctx.env.get('LC_ALL') ?? ctx.env.get('LANG') ?? '');
    const quote = (s: string): string => (utf8 ? `\u2018${s}\u2019` : `'${s}'`);
    if (operands.length === 0) {
      o.err("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n");
      return o.done(1);
    }
    const quiet = flags.has('q');
    const out = values.get('O');
    if (out !== undefined && out !== '-') {
      const w = ctx.state.fs.writeFile(resolvePath(ctx.state.cwd, out), '', ctx.cred);
      if (!w.ok) {
        o.err(`${out}: ${ERRNO_TEXT[w.errno]}\n`);
        return o.done(3);
      }
    }
    let code = 0;
    for (const raw of operands) {
      ctx.state.emit('download', { url: raw.slice(0, 2048), tool: 'wget' });
      const url = parseUrl(raw);
      if (url === null) {
        if (!quiet) o.err(`${raw}: Invalid host name.\n`);
        code = Math.max(code, 1);
        continue;
      }
      if ('error' in url) {
        if (!quiet) o.err(`${raw}: Unsupported scheme ${quote(url.scheme)}.\n`);
        code = Math.max(code, 1);
        continue;
      }
      if (quiet) {
        code = 4;
        continue;
      }
      o.err(`--${strftime('%Y-%m-%d %H:%M:%S', ctx.now)}--  ${url.href}\n`);
      const local = localAddress(url.host, ctx.state.persona.hostname);
      if (isIpLiteral(url.host)) {
        o.err(`Connecting to ${url.host}:${url.port}... failed: Connection refused.\n`);
      } else if (local !== null) {
        o.err(`Resolving ${url.host} (${url.host})... ${local}${local === '127.0.0.1' ? ', ::1' : ''}\n`);
        o.err(`Connecting to ${url.host} (${url.host})|${local}|:${url.port}... failed: Connection refused.\n`);
        if (local === '127.0.0.1') o.err(`Connecting to ${url.host} (${url.host})|::1|:${url.port}... failed: Connection refused.\n`);
      } else {
        o.err(`Resolving ${url.host} (${url.host})... failed: Temporary failure in name resolution.\n`);
        o.err(`wget: unable to resolve host address ${quote(url.host)}\n`);
      }
      code = 4;
    }
    return o.done(code);
  },
};
