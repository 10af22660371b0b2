// The per-decky runner process as the host agent starts it: arguments, the ready line on stderr,
// RFC 5424 events on stdout (or --log-file), port 0, SIGTERM shutdown, agent EOF, and usage errors.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError, HelpRequested, parseRunnerArgs } from './cli-args';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = join(import.meta.dirname, 'main.ts');

describe('parseRunnerArgs', () => {
  it('parses the host agent command line', () => {
    expect(parseRunnerArgs(['--decky', 'd1', '--archetype', 'deaddeck', '--services', 'ssh, telnet', '--host', '127.0.0.2', '--port-map', 'ssh=2222,telnet=0', '--config-json', '{"ssh":{"password":"x","port":22}}'])).toMatchObject({
      decky: 'd1', archetype: 'deaddeck', services: ['ssh', 'telnet'], host: '127.0.0.2', portMap: { ssh: 2222, telnet: 0 }, config: { ssh: { password: 'x', port: '22' } },
    });
    expect(() => parseRunnerArgs([])).toThrow(/--decky is required/);
    expect(() => parseRunnerArgs(['--decky', 'd', '--archetype', 'toaster'])).toThrow(/unknown/);
    expect(() => parseRunnerArgs(['--decky', 'd', '--port-map', 'ssh=99999'])).toThrow(/bad entry/);
    expect(() => parseRunnerArgs(['--decky', 'd', '--config-json', '[1]'])).toThrow(/--config-json/);
    expect(() => parseRunnerArgs(['--decky', 'd', '--bogus', 'x'])).toThrow(CliError);
    expect(() => parseRunnerArgs(['--help'])).toThrow(HelpRequested);
    expect(parseRunnerArgs(['--decky', 'd', '--log-file', '/x/1.log', '--log-file-max-bytes', '4096', '--orphan-grace-ms', '0'])).toMatchObject({ logFile: '/x/1.log', logFileMaxBytes: 4096, orphanGraceMs: 0 });
    expect(() => parseRunnerArgs(['--decky', 'd', '--log-file-max-bytes', '-1'])).toThrow(/--log-file-max-bytes/);
    expect(parseRunnerArgs(['--decky', 'd', '--host', '127.0.0.2,127.0.1.2, 127.0.0.2'])).toMatchObject({ host: '127.0.0.2', hosts: ['127.0.0.2', '127.0.1.2'] });
    expect(parseRunnerArgs(['--decky', 'd'])).toMatchObject({ host: '0.0.0.0', hosts: ['0.0.0.0'] });
    expect(() => parseRunnerArgs(['--decky', 'd', '--host', '127.0.0.2,$(id)'])).toThrow(/--host: not an IP/);
  });
});

describe('main.ts', () => {
  it('serves the decky, logs to stdout and stops on SIGTERM', async () => {
    const child = spawn(TSX, [MAIN, '--decky', 'decky-main', '--archetype', 'iot-device', '--services', 'telnet,nosuchsvc', '--host', '127.0.0.1', '--port-map', 'telnet=0'], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const ready = await new Promise<{ ports: Array<{ service: string; port: number }> }>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`not ready: ${stderr}`)), 20_000);
      child.stderr.on('data', () => {
        const line = stderr.split('\n').find((l) => l.includes('"ready"'));
        if (line) {
          clearTimeout(t);
          resolve(JSON.parse(line));
        }
      });
    });
    expect(stderr).toContain('{"skipped":"nosuchsvc","reason":"no template"}');
    const port = ready.ports.find((p) => p.service === 'telnet')?.port ?? 0;
    expect(port).toBeGreaterThan(0);
    const greeting = await new Promise<string>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port });
      let got = '';
      s.on('data', (d: Buffer) => {
        got += d.toString('latin1');
        if (got.includes('login: ')) {
          s.destroy();
          resolve(got);
        }
      });
    });
    // BusyBox telnetd of an Alpine persona: no /etc/issue.net, so a new line and login's prompt.
    expect(greeting).toMatch(/\r\r\n[\w.-]+ login: $/);
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^<134>1 \\S+ decky-main telnet - startup \\[relay@55555 port="${port}" tls="0"\\]$`));
    expect(lines.some((l) => / decky-main telnet - connect \[relay@55555 src_ip="127\.0\.0\.1"/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/ decky-main telnet - shutdown -$/);
  }, 30_000);

  it('with --log-file: events go straight to the file, and it stops once its agent is gone for the grace period', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runner-log-'));
    const file = join(dir, '1000.log');
    const child = spawn(TSX, [MAIN, '--decky', 'decky-file', '--services', 'telnet', '--host', '127.0.0.1', '--port-map', 'telnet=0', '--log-file', file, '--orphan-grace-ms', '200'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`not ready: ${stderr}`)), 20_000);
      child.stderr.on('data', () => stderr.includes('"ready"') && (clearTimeout(t), resolve()));
    });
    expect(readFileSync(file, 'utf8')).toMatch(/ decky-file telnet - startup /);
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.end(); // what the agent's death looks like from here
    expect(await exit).toBe(0);
    expect(readFileSync(file, 'utf8').trim().split('\n').at(-1)).toMatch(/ decky-file telnet - shutdown -$/);
    expect(stdout).toBe('');
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('exits 2 with usage on bad arguments', async () => {
    const child = spawn(TSX, [MAIN, '--archetype', 'deaddeck'], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(stderr).toContain('usage: main.ts --decky NAME');
  }, 20_000);
});
