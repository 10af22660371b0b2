// The telnet template: each telnetd flavour's opening bytes, login prompts, auth_attempt events, the
// shell after login - over an in-memory stream, a raw socket (a bot typing ahead) and the real
// `telnet` client driven by expect.
import { execFile } from 'node:child_process';
import { createConnection } from 'node:net';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivePersona } from '../persona/derive';
import { startDeckyRunner, type DeckyRunner } from '../runner/runner';
import { createTestSession, LineSink } from '../runner/test-harness';
import { telnetTemplate } from './index';
import { DO, IAC, WILL } from './parser';
import type { TelnetConfig } from './config';

const NOW = Date.UTC(2026, 2, 3);
const cfg: TelnetConfig = { auth_failure_delay_ms: 0, password: 'Tr0ub4dor&3' };
const debianBox = derivePersona({ deckyName: 'tn-1', archetype: 'linux-server', distro: 'debian', services: ['telnet'], serviceConfig: { telnet: { password: 'Tr0ub4dor&3' } }, nowMs: NOW });
const iotBox = derivePersona({ deckyName: 'cam-7', archetype: 'iot-device', services: ['telnet'], serviceConfig: { telnet: { password: 'Tr0ub4dor&3' } }, nowMs: NOW });
const windowsBox = derivePersona({ deckyName: 'ws-3', archetype: 'windows-workstation', services: ['telnet'], nowMs: NOW });

function drive(persona = debianBox) {
  const t = createTestSession<TelnetConfig>({ service: 'telnet', config: cfg, persona });
  const chunks: Buffer[] = [];
  t.client.on('data', (d: Buffer) => chunks.push(d));
  telnetTemplate.createSession(t.server, t.ctx);
  const text = (): string => Buffer.concat(chunks).toString('latin1');
  const waitFor = async (re: RegExp, ms = 2000): Promise<string> => {
    const until = Date.now() + ms;
    while (!re.test(text())) {
      if (Date.now() > until) throw new Error(`no ${re} in ${JSON.stringify(text())}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return text();
  };
  return { ...t, bytes: () => Buffer.concat(chunks), text, waitFor };
}

describe('telnet session', () => {
  it('opens like netkit telnetd, waits for the client, then logs every try and runs the shell', async () => {
    const s = drive();
    await s.waitFor(/\xff\xfd'/);
    expect([...s.bytes()]).toEqual([IAC, DO, 24, IAC, DO, 32, IAC, DO, 35, IAC, DO, 39]);
    s.client.write(Uint8Array.of(IAC, WILL, 24, IAC, DO, 1, IAC, DO, 3));
    await s.waitFor(/login: $/);
    expect(s.text()).toContain(`Debian GNU/Linux 12\r\n${debianBox.hostname} login: `);
    s.client.write('root\r\n');
    await s.waitFor(/Password: $/);
    s.client.write('guess\r\n');
    await s.waitFor(/Login incorrect\r\n.* login: $/s);
    s.client.write('root\r\nTr0ub4dor&3\r\n');
    await s.waitFor(/root@.*:~# $/);
    s.client.write('id\r\n');
    await s.waitFor(/uid=0\(root\)[\s\S]*# $/);
    const auths = s.events.filter((e) => e.msgid === 'auth_attempt');
    expect(auths.map((e) => [e.fields['principal'], e.fields['secret_printable'], e.fields['outcome'], e.fields['secret_kind']])).toEqual([
      ['root', 'guess', 'failure', 'plaintext'],
      ['root', 'Tr0ub4dor&3', 'success', 'plaintext'],
    ]);
    expect(s.events.find((e) => e.msgid === 'command')?.fields).toMatchObject({ cmd: 'id', user: 'root', uid: '0', pwd: '/root' });
    // The password is never echoed.
    expect(s.text()).not.toContain('Tr0ub4dor');
  });

  it('opens like BusyBox on an embedded persona and answers immediately', async () => {
    const s = drive(iotBox);
    await s.waitFor(/login: $/);
    expect([...s.bytes().subarray(0, 12)]).toEqual([IAC, DO, 1, IAC, DO, 31, IAC, WILL, 1, IAC, WILL, 3]);
    // BusyBox telnetd without /etc/issue.net (Alpine has none): a new line, then login's prompt, in one read.
    expect(s.text().slice(12)).toBe(`\r\r\n${iotBox.hostname} login: `);
  });

  it('drops the connection after three failures and never accepts a Windows login', async () => {
    const s = drive(windowsBox);
    await s.waitFor(/Microsoft Telnet Service[\s\S]*login: $/);
    s.client.write('administrator\r\nP@ssw0rd\r\n');
    await s.waitFor(/password: [\s\S]*Login Failed[\s\S]*login: $/);
    s.client.write('admin\r\nadmin\r\n');
    s.client.write('root\r\nroot\r\n');
    await new Promise<void>((resolve) => (s.client.readableEnded ? resolve() : s.client.once('end', () => resolve())));
    expect(s.events.filter((e) => e.msgid === 'auth_attempt').map((e) => e.fields['outcome'])).toEqual(['failure', 'failure', 'failure']);
  });
});

describe('telnet through the runner', () => {
  let runner: DeckyRunner;
  const sink = new LineSink();
  beforeAll(async () => {
    runner = await startDeckyRunner({ decky: 'tn-1', persona: debianBox, out: sink.out, listeners: [{ service: 'telnet', template: telnetTemplate, host: '127.0.0.1', port: 0, config: { password: 'Tr0ub4dor&3', auth_failure_delay_ms: '30' } }] });
  });
  afterAll(() => runner.close());
  const port = (): number => runner.ports[0]?.port ?? 0;

  it('serves a bot that types everything ahead on a raw socket', async () => {
    const got = await new Promise<string>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port: port() }, () => s.write('root\r\nwrong\r\nroot\r\nTr0ub4dor&3\r\nuname -a\r\nexit\r\n'));
      let text = '';
      s.on('data', (d: Buffer) => (text += d.toString('latin1')));
      s.on('close', () => resolve(text));
    });
    expect(got).toContain('Login incorrect');
    expect(got).toContain(`Linux ${debianBox.hostname} ${debianBox.shell.kernelRelease}`);
    expect(got).toMatch(/logout\r\n$/);
    const recs = await sink.waitFor((r) => r.some((x) => x.eventType === 'disconnect'));
    expect(recs.filter((r) => r.eventType === 'command').map((r) => r.fields['cmd'])).toEqual(['uname -a', 'exit']);
    // The shell part was recorded as asciinema v2 and uploaded in chunks: typed input and output.
    const done = await sink.waitFor((r) => r.some((x) => x.eventType === 'session_recorded'));
    const summary = done.find((x) => x.eventType === 'session_recorded')!;
    const chunks = done.filter((x) => x.eventType === 'recording_chunk' && x.fields['sid'] === summary.fields['sid']);
    expect(chunks.length).toBe(Number(summary.fields['chunks']));
    const cast = Buffer.concat(chunks.map((c) => Buffer.from(c.fields['data'] ?? '', 'base64'))).toString('utf8');
    const [head, ...events] = cast.trimEnd().split('\n').map((l) => JSON.parse(l) as [number, string, string]);
    expect(head).toMatchObject({ version: 2, width: 80, height: 24 });
    expect(events.filter((e) => e[1] === 'i').map((e) => e[2]).join('')).toContain('uname -a\r\nexit\r\n');
    expect(events.filter((e) => e[1] === 'o').map((e) => e[2]).join('')).toContain(debianBox.shell.kernelRelease);
    // The password was typed before the shell started: not in the recording.
    expect(cast).not.toContain('Tr0ub4dor');
  });

  it('works with the real telnet client (expect)', async () => {
    const script = join(tmpdir(), `decnet-telnet-${process.pid}.exp`);
    writeFileSync(script, [
      'set timeout 10',
      `spawn telnet 127.0.0.1 ${port()}`,
      'expect "login: "', 'send "root\\r"', 'expect "Password: "', 'send "Tr0ub4dor&3\\r"',
      'expect "# "', 'send "hostname\\r"', 'expect "# "', 'send "exit\\r"', 'expect eof',
    ].join('\n'));
    const out = await new Promise<string>((resolve, reject) => execFile('expect', [script], { timeout: 20_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))));
    expect(out).toContain(`hostname\r\n${debianBox.hostname}\r\n`);
    // One echo per typed character: the client turned local echo off after our WILL ECHO.
    expect(out).not.toContain('hostnamehostname');
    expect(out).toContain('Connection closed by foreign host');
  });
});
