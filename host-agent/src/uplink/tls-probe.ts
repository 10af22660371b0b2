// Tells a refused client certificate apart from an outage. Behind undici both look like "other
// side closed": Node's TLS server drops an unauthorized client right after the handshake (TLS
// 1.3), with a `certificate_required` alert at best. A bare TLS connection shows which it was.
import { connect } from 'node:tls';
import type { Identity } from './mtls-client';

export type ProbeVerdict = { refused: true; reason: string } | { refused: false };

export function probeTls(url: string, id: Identity, timeoutMs = 5000): Promise<ProbeVerdict> {
  const u = new URL(url);
  return new Promise((ok) => {
    let secure = false;
    let answered = false;
    let verdict: ProbeVerdict | undefined;
    const done = (v: ProbeVerdict) => {
      verdict ??= v;
      clearTimeout(timer);
      s.destroy();
      ok(verdict);
    };
    const s = connect({ host: u.hostname, port: Number(u.port || 443), ca: id.caPem, cert: id.certPem || undefined, key: id.keyPem || undefined, servername: /^[\d.]+$|:/.test(u.hostname) ? undefined : u.hostname });
    const timer = setTimeout(() => done({ refused: false }), timeoutMs);
    s.on('secureConnect', () => {
      secure = true;
      s.write(`HEAD /agent/v1/probe HTTP/1.1\r\nHost: ${u.host}\r\nConnection: close\r\n\r\n`);
    });
    s.on('data', () => {
      answered = true;
      done({ refused: false });
    });
    s.on('error', (e: Error & { code?: string }) => {
      if (/ALERT|CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(e.code ?? '')) done({ refused: true, reason: `${e.code}: ${e.message.split('\n')[0]}` });
      else done({ refused: false });
    });
    s.on('close', () => {
      if (secure && !answered) done({ refused: true, reason: 'the server closed the connection after the TLS handshake without answering (client certificate not accepted)' });
      else done({ refused: false });
    });
  });
}
