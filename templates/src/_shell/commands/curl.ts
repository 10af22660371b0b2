// curl(1) (7.81): the errors curl prints when a transfer cannot start (exit 6 unresolvable host,
// 7 connection refused), with the progress meter it draws when stdout is not a terminal; -s/-S/-o/-O
// handled like curl. Every URL is reported as a `download` event; nothing is ever fetched.

import type { CommandSpec } from './types';
import { Output } from './types';
import { isIpLiteral, localAddress, parseUrl } from './fetch-fail';
import { hash32 } from '../sys/rng';

const METER = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';

const WITH_ARG = new Set(['-o', '-H', '-d', '-X', '-A', '-u', '-e', '-x', '-m', '-T', '-F', '-b', '-c', '-w', '-K', '-E', '-r', '-Y', '-y', '-z', '-U', '-C', '-D', '--output', '--header', '--data', '--data-binary', '--data-raw', '--request', '--user-agent', '--user', '--referer', '--proxy', '--max-time', '--connect-timeout', '--upload-file', '--form', '--cookie', '--cookie-jar', '--write-out', '--retry', '--url']);

export const curl: CommandSpec = {
  name: 'curl',
  path: '/usr/bin/curl',
  run(ctx) {
    const o = new Output();
    const args = ctx.argv.slice(1);
    let silent = false;
    let showErrors = false;
    const urls: string[] = [];
    let toFile = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i] ?? '';
      if (a === '--version' || a === '-V') {
        o.out('curl 7.81.0 (x86_64-pc-linux-gnu) libcurl/7.81.0 OpenSSL/3.0.2 zlib/1.2.11 brotli/1.0.9 zstd/1.4.8 libidn2/2.3.2 libpsl/0.21.0 (+libidn2/2.3.2) libssh/0.9.6/openssl/zlib nghttp2/1.43.0 librtmp/2.3 OpenLDAP/2.5.13\nRelease-Date: 2022-01-05\nProtocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp\nFeatures: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL TLS-SRP UnixSockets zstd\n');
        return o.done(0);
      }
      if (a === '--silent') silent = true;
      else if (a === '--show-error') showErrors = true;
      else if (a === '--remote-name' || a === '--remote-name-all') toFile = true;
      else if (a === '--url') urls.push(args[++i] ?? '');
      else if (WITH_ARG.has(a)) {
        if (a === '-o' || a === '--output') toFile = true;
        i++;
      } else if (a.startsWith('--')) continue;
      else if (a.startsWith('-') && a.length > 1) {
        for (let j = 1; j < a.length; j++) {
          const c = a[j] ?? '';
          if (c === 's') silent = true;
          else if (c === 'S') showErrors = true;
          else if (c === 'O') toFile = true;
          else if (WITH_ARG.has(`-${c}`)) {
            if (c === 'o') toFile = true;
            if (j === a.length - 1) i++;
            break;
          }
        }
      } else urls.push(a);
    }
    if (urls.length === 0) {
      o.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
      return o.done(2);
    }
    const meter = !silent && (!ctx.tty || toFile);
    let code = 0;
    for (const raw of urls) {
      ctx.state.emit('download', { url: raw.slice(0, 2048), tool: 'curl' });
      const url = parseUrl(raw);
      let message: string;
      if (url === null) {
        message = 'curl: (3) URL using bad/illegal format or missing URL\n';
        code = 3;
      } else if ('error' in url) {
        message = `curl: (1) Protocol "${url.scheme}" not supported or disabled in libcurl\n`;
        code = 1;
      } else if (isIpLiteral(url.host) || localAddress(url.host, ctx.state.persona.hostname) !== null) {
        message = `curl: (7) Failed to connect to ${url.host} port ${url.port} after ${hash32(raw) % 3} ms: Connection refused\n`;
        code = 7;
      } else {
        message = `curl: (6) Could not resolve host: ${url.host}\n`;
        code = 6;
      }
      if (meter) o.err(METER);
      if (!silent || showErrors) o.err(message);
      else if (meter) o.err('\n');
    }
    return o.done(code);
  },
};
