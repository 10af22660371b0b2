// Session replay end to end: the real OpenSSH client types commands into an SSH decky on the local
// runtime; the sensor records the shell (asciinema v2), uploads it through the agent's event spool;
// the control plane serves the cast and transcript; the dashboard's lazily loaded asciinema-player
// plays it in Chromium under the production CSP with the typed commands visible.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstAdminToken } from '../../control-plane/src/testing/first-admin';
import { startStack, type Stack } from '../../scripts/stack';
import { until } from '../e2e/until';
import { ensureBuild } from './stack';
import { CHROMIUM, SCREENS_DIR } from './tour';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--headless=new'];
const PW = 'Repl4y-Root!';
const ADMIN = ['replay-admin-password-1', 'replay-admin-password-2'] as const;
const haveTools = existsSync(CHROMIUM) && existsSync('/usr/bin/sshpass') && existsSync('/usr/bin/ssh');

/** OpenSSH with a pty (-tt): the typed lines go through the decky's terminal like a person's. */
function sshShell(host: string, port: number, lines: string): Promise<string> {
  return new Promise((resolve) => {
    const args = ['-p', PW, 'ssh', '-tt', '-p', String(port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'PreferredAuthentications=password', '-o', 'PubkeyAuthentication=no', '-o', 'NumberOfPasswordPrompts=1', `root@${host}`];
    const child = execFile('sshpass', args, { timeout: 30_000 }, (_err, stdout) => resolve(String(stdout)));
    child.stdin?.end(lines);
  });
}

describe.skipIf(!haveTools)('session replay in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let token = '';
  const dir = mkdtempSync(join(tmpdir(), 'decnet-replay-'));
  const api = async (path: string) => fetch(`${stack.cp.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    ensureBuild();
    stack = await startStack({ dataDir: dir, port: 0, mtlsPort: 0, fleetIni: `[rec-ssh]\nservices=ssh\n\n[rec-ssh.ssh]\npassword=${PW}\nauth_failure_delay_ms=0\n`, env: { ...process.env, DECNET_ADMIN_PASSWORD: ADMIN[0], DECNET_DATA_DIR: dir } });
    await stack.fleetRunning(60_000);
    token = await firstAdminToken(stack.cp.url, ADMIN[0], ADMIN[1]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a real OpenSSH session and plays it back with the typed commands visible', async () => {
    const ep = stack.agent!.status().desiredState!.endpoints!.find((e) => e.decky === 'rec-ssh' && e.service === 'ssh')!;
    const out = await sshShell(ep.host, ep.port, 'echo replay-marker-$((6*7))\nid\nexit\n');
    expect(out).toContain('replay-marker-42');

    // The recording reaches the control plane through the agent's spool and ingest.
    const session = await until('a recorded ssh session', async () => {
      const items = ((await (await api('/sessions?service=ssh')).json()) as { items: Array<{ id: string; attackerId: string; commandCount: number }> }).items;
      const s = items.find((x) => x.commandCount >= 2);
      return s && (await api(`/sessions/${encodeURIComponent(s.id)}/recording`)).status === 200 ? s : undefined;
    }, 30_000);
    const cast = await (await api(`/sessions/${encodeURIComponent(session.id)}/recording`)).text();
    const typed = cast.split('\n').slice(1).filter(Boolean).map((l) => JSON.parse(l) as [number, string, string]).filter((e) => e[1] === 'i').map((e) => e[2]).join('');
    expect(typed).toContain('echo replay-marker-$((6*7))');
    const transcript = await (await api(`/sessions/${encodeURIComponent(session.id)}/transcript`)).text();
    expect(transcript).toContain('echo replay-marker-$((6*7))\nreplay-marker-42\n');
    expect(transcript).toMatch(/uid=0\(root\)/);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.goto(stack.cp.url);
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(ADMIN[1]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${stack.cp.url}/attackers/${session.attackerId}`);
    await page.getByRole('tab', { name: /Sessions/ }).click();
    await page.getByRole('button', { name: 'Replay' }).first().click();
    const player = page.getByTestId('replay-player');
    await player.waitFor();
    // The player types the session out at its own pace: wait (bounded) for the last command's output.
    await page.waitForFunction(() => /uid=0\(root\)/.test(document.querySelector('[data-testid=replay-player]')?.textContent ?? ''), undefined, { timeout: 20_000 });
    const text = (await player.textContent()) ?? '';
    expect(text).toContain('echo replay-marker-$((6*7))');
    expect(text).toContain('replay-marker-42');
    mkdirSync(SCREENS_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENS_DIR, 'replay-session.png') });
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
