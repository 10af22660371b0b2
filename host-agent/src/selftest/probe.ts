// What an attacker sees of one endpoint, read over the network: the first bytes a service sends (or
// the HTTP Server header), time to first byte, the TLS certificate and the SSH host keys.
import { createHash } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { runTool } from './tools';

const MAX_BYTES = 2048;

export interface BannerRead {
  text: string;
  /** ms from connect to the first byte; undefined when the service said nothing. */
  firstByteMs?: number;
}

/** Printable view of attacker-visible bytes (IACs and controls as \xNN), bounded. */
export function printable(bytes: Buffer): string {
  let out = '';
  for (const b of bytes.subarray(0, 600)) out += b === 0x0d ? '\\r' : b === 0x0a ? '\\n' : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  return out.slice(0, 600);
}

/** Connect, optionally send `hello`, collect what arrives within `waitMs` (or until the peer closes). */
export function readBanner(host: string, port: number, opts: { hello?: string; waitMs?: number; tls?: boolean } = {}): Promise<BannerRead> {
  return new Promise((resolve) => {
    const started = performance.now();
    let firstByteMs: number | undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    const sock = opts.tls ? tlsConnect({ host, port, rejectUnauthorized: false, servername: undefined }) : tcpConnect({ host, port });
    const done = (): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve({ text: printable(Buffer.concat(chunks)), firstByteMs });
    };
    const timer = setTimeout(done, opts.waitMs ?? 1500);
    sock.on(opts.tls ? 'secureConnect' : 'connect', () => {
      if (opts.hello) sock.write(opts.hello);
    });
    sock.on('data', (d: Buffer) => {
      firstByteMs ??= performance.now() - started;
      chunks.push(d);
      size += d.length;
      if (size >= MAX_BYTES) done();
    });
    sock.on('error', done);
    sock.on('close', done);
  });
}

/** The Server header of a plain HTTP answer to HEAD / (what `curl -I` shows). */
export async function httpServerHeader(host: string, port: number, tls = false): Promise<string | undefined> {
  const r = await readBanner(host, port, { hello: `HEAD / HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: Mozilla/5.0\r\nConnection: close\r\n\r\n`, tls });
  return /\\r\\nServer: ([^\\]*)\\r\\n/i.exec(r.text)?.[1];
}

/** SHA-256 of the peer certificate (DER), or undefined when no TLS handshake completes. */
export function tlsFingerprint(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = tlsConnect({ host, port, rejectUnauthorized: false });
    const t = setTimeout(() => finish(undefined), 3000);
    const finish = (v: string | undefined): void => {
      clearTimeout(t);
      s.destroy();
      resolve(v);
    };
    s.on('secureConnect', () => {
      const raw = s.getPeerCertificate()?.raw;
      finish(raw ? createHash('sha256').update(raw).digest('hex') : undefined);
    });
    s.on('error', () => finish(undefined));
  });
}

/** SHA-256 of each host key `ssh-keyscan` reads (openssh-client); undefined without the tool. */
export async function sshHostKeys(host: string, port: number): Promise<string[] | undefined> {
  const r = await runTool('ssh-keyscan', ['-T', '3', '-p', String(port), host], 10_000);
  if (!r) return undefined;
  return r.stdout.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => createHash('sha256').update(l.split(' ').slice(1).join(' ')).digest('hex')).sort();
}
