// The SSH template with real clients: OpenSSH `ssh` (sshpass) for wrong/right passwords, exec and a
// pty shell; `scp` over SFTP and the legacy protocol (-O); ssh2's Client for public keys, the
// method list and MaxAuthTries; one `nmap -sV` for the version claims of ssh and telnet.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivePersona } from '../persona/derive';
import { startDeckyRunner, type DeckyRunner } from '../runner/runner';
import { createTestSession, LineSink } from '../runner/test-harness';
import type { SshConfig } from './config';
import { telnetTemplate } from '../telnet/index';
import { sshTemplate } from './index';

const persona = derivePersona({ deckyName: 'decky-ssh', archetype: 'deaddeck', distro: 'debian', services: ['ssh', 'telnet'], nowMs: Date.UTC(2026, 3, 1) });
const root = persona.logins?.find((l) => l.user === 'root');
const dir = mkdtempSync(join(tmpdir(), 'decnet-ssh-'));
const sink = new LineSink();
let runner: DeckyRunner;
const sshPort = (): number => runner.ports.find((p) => p.service === 'ssh')?.port ?? 0;
const telnetPort = (): number => runner.ports.find((p) => p.service === 'telnet')?.port ?? 0;
const SSH_OPTS = ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'PubkeyAuthentication=no', '-o', 'PreferredAuthentications=password', '-o', 'NumberOfPasswordPrompts=1'];

function run(cmd: string, args: string[], input?: string, timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { timeout: timeoutMs }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }));
    child.stdin?.end(input ?? '');
  });
}
const ssh = (password: string, args: string[], input?: string) => run('sshpass', ['-p', password, 'ssh', ...SSH_OPTS, '-p', String(sshPort()), ...args], input);

beforeAll(async () => {
  runner = await startDeckyRunner({
    decky: 'decky-ssh', persona, out: sink.out, artifactsDir: dir,
    listeners: [
      { service: 'ssh', template: sshTemplate, host: '127.0.0.1', port: 0, config: { auth_failure_delay_ms: '0' } },
      { service: 'telnet', template: telnetTemplate, host: '127.0.0.1', port: 0, config: { auth_failure_delay_ms: '0' } },
    ],
  });
}, 30_000);
afterAll(async () => {
  await runner.close();
  rmSync(dir, { recursive: true, force: true });
  expect(runner.unknownMsgids()).toEqual([]);
});

describe('ssh with OpenSSH clients', () => {
  it('sends the persona banner first', async () => {
    const first = await new Promise<string>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port: sshPort() });
      s.once('data', (d: Buffer) => {
        s.destroy();
        resolve(d.toString('latin1'));
      });
    });
    expect(first).toBe(`${persona.services.ssh.banner}\r\n`);
  });

  it('refuses a wrong password, accepts the persona one and runs exec commands in the fake shell', async () => {
    expect(root).toBeDefined();
    const bad = await ssh('wrong-password', ['root@127.0.0.1', 'id']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('Permission denied');
    const ok = await ssh(root?.password ?? '', ['root@127.0.0.1', 'id; uname -n; cat /etc/debian_version']);
    expect(ok.code).toBe(0);
    // The exit status of the command travels back as sshd's exit-status.
    expect((await ssh(root?.password ?? '', ['root@127.0.0.1', 'ls /nonexistent'])).code).toBe(2);
    expect(ok.stdout).toContain('uid=0(root) gid=0(root) groups=0(root)');
    expect(ok.stdout).toContain(`${persona.hostname}\n`);
    const recs = await sink.waitFor((r) => r.some((x) => x.eventType === 'command'));
    const auths = recs.filter((r) => r.eventType === 'auth_attempt' && r.fields['method'] === 'password');
    expect(auths.map((a) => [a.fields['principal'], a.fields['secret_printable'], a.fields['outcome']])).toEqual([
      ['root', 'wrong-password', 'failure'],
      ['root', root?.password, 'success'],
      ['root', root?.password, 'success'],
    ]);
    expect(auths[0]?.fields).toMatchObject({ secret_kind: 'plaintext', secret_b64: Buffer.from('wrong-password').toString('base64'), username: 'root' });
    expect(auths[0]?.fields['client_version']).toMatch(/^SSH-2\.0-OpenSSH_/);
    expect(recs.find((r) => r.eventType === 'command')?.fields).toMatchObject({ cmd: 'id; uname -n; cat /etc/debian_version', user: 'root', uid: '0', pwd: '/root' });
  });

  it('gives a pty shell with prompt, motd and per-line command events', async () => {
    const res = await ssh(root?.password ?? '', ['-tt', 'root@127.0.0.1'], 'cd /tmp\npwd\nexit\n');
    expect(res.stdout).toContain(`root@${persona.hostname}:~# `);
    expect(res.stdout).toContain('/tmp\r\n');
    const recs = await sink.waitFor((r) => r.some((x) => x.eventType === 'command' && x.fields['cmd'] === 'pwd'));
    expect(recs.find((r) => r.fields['cmd'] === 'pwd')?.fields['pwd']).toBe('/tmp');
    // The shell was recorded: the summary, its chunks (in order) and the sensor's copy agree.
    const sid = recs.find((r) => r.fields['cmd'] === 'pwd')?.fields['session_id'] ?? '';
    const done = await sink.waitFor((r) => r.some((x) => x.eventType === 'session_recorded' && x.fields['sid'] === sid));
    const summary = done.find((x) => x.eventType === 'session_recorded' && x.fields['sid'] === sid)!;
    const chunks = done.filter((x) => x.eventType === 'recording_chunk' && x.fields['sid'] === sid).sort((x, y) => Number(x.fields['seq']) - Number(y.fields['seq']));
    expect(chunks.length).toBe(Number(summary.fields['chunks']));
    const cast = Buffer.concat(chunks.map((c) => Buffer.from(c.fields['data'] ?? '', 'base64')));
    expect(createHash('sha256').update(cast).digest('hex')).toBe(summary.fields['cast_sha256']);
    expect(readFileSync(join(dir, summary.fields['stored_as'] ?? '')).equals(cast)).toBe(true);
    const [head, ...events] = cast.toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as [number, string, string]);
    expect(head).toMatchObject({ version: 2, env: { TERM: expect.any(String) } });
    const typed = events.filter((e) => e[1] === 'i').map((e) => e[2]).join('');
    expect(typed).toContain('cd /tmp');
    expect(typed).toContain('pwd');
    expect(events.filter((e) => e[1] === 'o').map((e) => e[2]).join('')).toContain('/tmp\r\n');
    expect(summary.fields['truncated']).toBe('false');
  });

  it('captures scp uploads over SFTP and over the legacy protocol with their sha256', async () => {
    const file = join(dir, 'payload.bin');
    const body = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) & 0xff));
    writeFileSync(file, body);
    const sha = createHash('sha256').update(body).digest('hex');
    for (const [extra, target] of [[[], '/tmp/'], [['-O'], '/tmp/legacy.bin']] as const) {
      const res = await run('sshpass', ['-p', root?.password ?? '', 'scp', ...SSH_OPTS, ...extra, '-P', String(sshPort()), file, `root@127.0.0.1:${target}`]);
      expect(res.code, res.stderr).toBe(0);
    }
    const caps = (await sink.waitFor((r) => r.filter((x) => x.eventType === 'file_captured').length === 2)).filter((r) => r.eventType === 'file_captured');
    expect(caps.map((c) => [c.fields['method'], c.fields['orig_path'], c.fields['sha256'], c.fields['size'], c.fields['ssh_user']])).toEqual([
      ['sftp', '/tmp/payload.bin', sha, '70000', 'root'],
      ['scp', '/tmp/legacy.bin', sha, '70000', 'root'],
    ]);
    for (const c of caps) expect(readFileSync(join(dir, c.fields['stored_as'] ?? '')).equals(body)).toBe(true);
  });

  it('is named by nmap -sV as the OpenSSH build the persona claims (and telnet as Linux telnetd)', async () => {
    const res = await run('nmap', ['-sV', '-Pn', '-n', '--version-intensity', '5', '-p', `${sshPort()},${telnetPort()}`, '127.0.0.1'], undefined, 60_000);
    const sshLine = res.stdout.split('\n').find((l) => l.startsWith(`${sshPort()}/tcp`)) ?? '';
    const telnetLine = res.stdout.split('\n').find((l) => l.startsWith(`${telnetPort()}/tcp`)) ?? '';
    process.stdout.write(`nmap: ${sshLine}\nnmap: ${telnetLine}\n`);
    const m = /OpenSSH_(\S+) Debian-(\S+)/.exec(persona.services.ssh.banner);
    expect(sshLine).toMatch(new RegExp(`open\\s+ssh\\s+OpenSSH ${m?.[1]?.replace(/[+.]/g, '\\$&')} Debian ${m?.[2]?.replace(/[+.]/g, '\\$&')} \\(protocol 2\\.0\\)`));
    expect(telnetLine).toMatch(/open\s+telnet\s+Linux telnetd/);
  }, 60_000);
});

describe('ssh with the ssh2 client', () => {
  const connect = (cfg: ssh2.ConnectConfig): Promise<{ err?: Error; conn: ssh2.Client }> =>
    new Promise((resolve) => {
      const conn = new ssh2.Client();
      conn.on('ready', () => resolve({ conn }));
      conn.on('error', (err) => resolve({ err, conn }));
      conn.connect({ host: '127.0.0.1', port: sshPort(), readyTimeout: 10_000, ...cfg });
    });

  it('logs public keys by fingerprint, offers publickey,password, and stops after MaxAuthTries', async () => {
    const key = ssh2.utils.generateKeyPairSync('ed25519');
    const methods: string[][] = [];
    let tries = 0;
    const { err } = await connect({
      username: 'admin',
      authHandler: (left, _partial, next) => {
        if (left) methods.push([...left]);
        tries++;
        if (tries === 1) return next({ type: 'publickey', username: 'admin', key: key.private });
        return next({ type: 'password', username: 'admin', password: `guess-${tries}` });
      },
    });
    // sshd's "Too many authentication failures" is SSH_DISCONNECT_PROTOCOL_ERROR.
    expect(err?.message).toBe('PROTOCOL_ERROR');
    expect(methods[0]).toEqual(['publickey', 'password']);
    const fp = `SHA256:${createHash('sha256').update(ssh2.utils.parseKey(key.public) instanceof Error ? '' : (ssh2.utils.parseKey(key.public) as ssh2.ParsedKey).getPublicSSH()).digest('base64').replace(/=+$/, '')}`;
    const recs = await sink.waitFor((r) => r.some((x) => x.fields['key_fingerprint'] === fp));
    expect(recs.find((x) => x.fields['key_fingerprint'] === fp)?.fields).toMatchObject({ method: 'publickey', key_type: 'ssh-ed25519', principal: 'admin', outcome: 'failure' });
    expect(recs.find((x) => x.fields['key_fingerprint'] === fp)?.fields['secret_b64']).toBeUndefined();
    // One key refusal plus five passwords reach MaxAuthTries (6).
    expect(tries).toBe(6);
  });

  it('serves the same host key after a restart (kept in the state directory)', async () => {
    const fingerprint = async (port: number): Promise<string> => {
      let seen = '';
      const { conn } = await connect({ port, username: 'root', password: 'x', hostVerifier: (k: Buffer) => ((seen = createHash('sha256').update(k).digest('hex')), true) });
      conn.end();
      return seen;
    };
    const before = await fingerprint(sshPort());
    const again = await startDeckyRunner({ decky: 'decky-ssh', persona, out: () => undefined, artifactsDir: dir, listeners: [{ service: 'ssh', template: sshTemplate, host: '127.0.0.1', port: 0, config: { auth_failure_delay_ms: '0' } }] });
    try {
      expect(await fingerprint(again.ports[0]?.port ?? 0)).toBe(before);
    } finally {
      await again.close();
    }
  });
});

describe('ssh over an in-memory stream (no runner)', () => {
  it('authenticates and runs an exec request', async () => {
    const t = createTestSession<SshConfig>({ service: 'ssh', persona, config: { auth_failure_delay_ms: 0 } });
    sshTemplate.createSession(t.server, t.ctx);
    const out = await new Promise<string>((resolve, reject) => {
      const conn = new ssh2.Client();
      conn.on('error', reject);
      conn.on('ready', () =>
        conn.exec('whoami', (err, ch) => {
          if (err) return reject(err);
          let text = '';
          ch.on('data', (d: Buffer) => (text += d.toString()));
          ch.on('close', () => {
            conn.end();
            resolve(text);
          });
        }),
      );
      conn.connect({ sock: t.client as unknown as import('node:net').Socket, username: 'root', password: root?.password ?? '' });
    });
    expect(out).toBe('root\n');
    expect(t.events.map((e) => e.msgid)).toEqual(['connection', 'auth_attempt', 'command']);
  });
});
