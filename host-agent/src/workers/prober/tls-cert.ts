// TLS certificate probe: a handshake without verification (the point is to read whatever the
// attacker's server presents), then its leaf certificate's subject, issuer, SANs, validity and
// SHA-256 fingerprint. All strings are bounded; nothing is trusted or interpreted.
import { connect } from 'node:tls';
import { isIP } from 'node:net';

export interface CertInfo {
  subject: string;
  issuer: string;
  sans: string;
  notBefore: string;
  notAfter: string;
  /** Lowercase hex SHA-256 of the DER certificate. */
  sha256: string;
  protocol: string;
}

export type CertProbeResult = { kind: 'cert'; cert: CertInfo } | { kind: 'error'; message: string };

const dn = (s: string | undefined): string => (s ?? '').split('\n').filter(Boolean).join(', ').slice(0, 1024);
const iso = (s: string): string => {
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s.slice(0, 64) : d.toISOString();
};

export function certProbe(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<CertProbeResult> {
  return new Promise((resolve) => {
    let done = false;
    const s = connect({
      host, port, rejectUnauthorized: false, minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0',
      ...(isIP(host) === 0 && { servername: host }),
    });
    const finish = (r: CertProbeResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      s.destroy();
      resolve(r);
    };
    const abort = (): void => finish({ kind: 'error', message: 'aborted' });
    const timer = setTimeout(() => finish({ kind: 'error', message: 'timeout' }), timeoutMs);
    signal?.addEventListener('abort', abort, { once: true });
    s.once('secureConnect', () => {
      const x = s.getPeerX509Certificate();
      if (!x) return finish({ kind: 'error', message: 'no certificate' });
      finish({
        kind: 'cert',
        cert: {
          subject: dn(x.subject), issuer: dn(x.issuer), sans: (x.subjectAltName ?? '').slice(0, 2048),
          notBefore: iso(x.validFrom), notAfter: iso(x.validTo), sha256: x.fingerprint256.replaceAll(':', '').toLowerCase(), protocol: s.getProtocol() ?? '',
        },
      });
    });
    s.on('error', (e) => finish({ kind: 'error', message: e.message.slice(0, 200) }));
    s.once('close', () => finish({ kind: 'error', message: 'closed before the handshake finished' }));
  });
}
