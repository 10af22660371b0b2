// The SSH and certificate probes against real servers: OpenSSH's sshd (its KEXINIT as the OpenSSH
// client itself reports it with -vvv is the oracle) and openssl s_server with a generated
// certificate (openssl x509 on the same file is the oracle); and the port check.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshProbe } from './ssh-probe';
import { portOpen } from './tcp';
import { certProbe } from './tls-cert';
import { freePort, makeCert, startOpensslServer, startSshd, type CertFiles } from './test-servers';

const noSshd = existsSync('/usr/sbin/sshd') ? undefined : 'sshd not installed (Debian openssh-server)';
if (noSshd) console.warn(`prober SSH test SKIPPED: ${noSshd}`);

/** What the OpenSSH client logs about the server's KEXINIT. */
function clientView(port: number): { kex: string; encS2c: string; macS2c: string; compS2c: string; software: string } {
  const r = spawnSync('ssh', ['-vvv', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'ConnectTimeout=5', '-p', String(port), 'nobody@127.0.0.1', 'true'], { encoding: 'utf8', timeout: 20_000 });
  const log = r.stderr;
  const peer = log.slice(log.indexOf('peer server KEXINIT proposal'));
  const field = (name: string): string => new RegExp(`debug2: ${name}: (.*)`).exec(peer)?.[1] ?? '';
  return { kex: field('KEX algorithms'), encS2c: field('ciphers stoc'), macS2c: field('MACs stoc'), compS2c: field('compression stoc'), software: /remote software version (.*)/.exec(log)?.[1] ?? '' };
}

describe.skipIf(Boolean(noSshd))('HASSH-server probe against a real sshd', () => {
  let sshd: Awaited<ReturnType<typeof startSshd>>;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(() => sshd?.stop());

  it('reads the banner and KEXINIT the OpenSSH client sees, and hashes them as HASSH-server', async () => {
    const r = await sshProbe('127.0.0.1', sshd.port, 5000, 2000);
    expect(r.kind).toBe('ssh');
    if (r.kind !== 'ssh') return;
    const seen = clientView(sshd.port);
    expect(seen.kex).toMatch(/curve25519/);
    expect(r.banner).toBe(`SSH-2.0-${seen.software}`);
    const algorithms = `${seen.kex};${seen.encS2c};${seen.macS2c};${seen.compS2c}`;
    expect(r.algorithms).toBe(algorithms);
    expect(r.hassh).toBe(createHash('md5').update(algorithms).digest('hex'));
    expect(r.hostKeyAlgorithms).toMatch(/ssh-ed25519/);
  }, 30_000);
});

describe('certificate probe and port check', () => {
  let cert: CertFiles;
  beforeAll(() => {
    cert = makeCert();
  });
  afterAll(() => rmSync(cert.dir, { recursive: true, force: true }));

  it('reports subject, issuer, SANs, validity and the SHA-256 fingerprint openssl x509 computes', async () => {
    const server = await startOpensslServer(cert, []);
    try {
      const r = await certProbe('127.0.0.1', server.port, 5000);
      expect(r.kind).toBe('cert');
      if (r.kind !== 'cert') return;
      const x = (...a: string[]): string => execFileSync('openssl', ['x509', '-in', cert.cert, '-noout', ...a], { encoding: 'utf8' }).trim();
      expect(r.cert.sha256).toBe(x('-fingerprint', '-sha256').split('=')[1]!.replaceAll(':', '').toLowerCase());
      expect(r.cert.subject).toBe('C=NL, O=Attacker Infra, CN=c2.attacker.test');
      expect(x('-subject', '-nameopt', 'sep_comma_plus_space')).toBe(`subject=${r.cert.subject}`);
      expect(r.cert.issuer).toBe(r.cert.subject);
      expect(r.cert.sans).toBe('DNS:c2.attacker.test, DNS:www.attacker.test, IP Address:127.0.0.1');
      expect(r.cert.notBefore).toBe(new Date(x('-startdate').split('=')[1]!).toISOString());
      expect(r.cert.notAfter).toBe(new Date(x('-enddate').split('=')[1]!).toISOString());
      expect(r.cert.protocol).toBe('TLSv1.3');
    } finally {
      server.stop();
    }
  }, 30_000);

  it('says why a plain TCP service gives no certificate, and tells open from closed ports', async () => {
    const plain = createServer((s) => s.on('error', () => undefined).end('220 ready\r\n'));
    await new Promise<void>((ok) => plain.listen(0, '127.0.0.1', ok));
    const port = (plain.address() as { port: number }).port;
    try {
      expect((await certProbe('127.0.0.1', port, 3000)).kind).toBe('error');
      expect(await sshProbe('127.0.0.1', port, 3000, 1000)).toEqual({ kind: 'not_ssh', firstBytes: 11 });
      expect(await portOpen('127.0.0.1', port, 2000)).toBe(true);
      expect(await portOpen('127.0.0.1', await freePort(), 2000)).toBe(false);
    } finally {
      plain.close();
    }
  }, 30_000);
});
