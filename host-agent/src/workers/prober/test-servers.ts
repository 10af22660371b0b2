// Test harness (used only by the prober's tests): a generated certificate, real `openssl s_server`
// and OpenSSH `sshd` processes on free loopback ports, and the JARM reference scanner's output.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The reference scanner (Salesforce jarm.py, BSD-3, copied with its licence into test/vectors/jarm); DECNET_JARM_PY overrides. */
export const JARM_REFERENCE = process.env.DECNET_JARM_PY ?? fileURLToPath(new URL('../../../../test/vectors/jarm/jarm.py', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export interface CertFiles {
  dir: string;
  cert: string;
  key: string;
}

/** An RSA certificate with subject, issuer and SANs that the cert probe must report. */
export function makeCert(): CertFiles {
  const dir = mkdtempSync(join(tmpdir(), 'prober-cert-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-keyout', key, '-out', cert,
    '-subj', '/C=NL/O=Attacker Infra/CN=c2.attacker.test', '-addext', 'subjectAltName=DNS:c2.attacker.test,DNS:www.attacker.test,IP:127.0.0.1',
  ], { stdio: 'ignore' });
  return { dir, cert, key };
}

async function waitPort(port: number, child: ChildProcess, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    const up = await new Promise<boolean>((ok) => {
      const s = createServer();
      s.once('error', () => ok(true));
      s.listen(port, '127.0.0.1', () => s.close(() => ok(false)));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not listen on ${port}`);
}

/** `openssl s_server -www` with extra arguments (protocol versions, ciphers, ALPN). */
export async function startOpensslServer(c: CertFiles, extra: string[]): Promise<{ port: number; stop(): void }> {
  const port = await freePort();
  const child = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', c.cert, '-key', c.key, '-www', '-quiet', ...extra], { stdio: 'ignore' });
  await waitPort(port, child, 'openssl s_server');
  return { port, stop: () => void child.kill() };
}

/** A real OpenSSH server in the foreground (-D), its own host key, no PAM, on a free port. */
export async function startSshd(): Promise<{ port: number; stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'prober-sshd-'));
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege separation directory
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_ed25519')]);
  const port = await freePort();
  writeFileSync(join(dir, 'sshd_config'), [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'host_ed25519')}`, `PidFile ${join(dir, 'sshd.pid')}`,
    'UsePAM no', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'StrictModes no', '',
  ].join('\n'));
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: 'ignore' });
  await waitPort(port, child, 'sshd');
  return { port, stop: () => void child.kill() };
}

/** The reference scanner's verbose run: its hash and its ten raw answers. */
export function referenceJarm(port: number, host = '127.0.0.1'): Promise<{ jarm: string; raw: string }> {
  return new Promise((ok, fail) => {
    execFile('python3', [JARM_REFERENCE, '-v', '-p', String(port), host], { timeout: 120_000 }, (err, stdout) => {
      if (err) return fail(err);
      const jarm = /^JARM: ([0-9a-f]{62})$/m.exec(stdout)?.[1];
      const raw = [...stdout.matchAll(/^Scan \d+: (.*?),?$/gm)].map((m) => m[1]).join(',');
      if (!jarm) return fail(new Error(`no JARM in reference output: ${stdout.slice(0, 500)}`));
      ok({ jarm, raw });
    });
  });
}
