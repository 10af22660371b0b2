// The browser tour: real Chromium signs in, is forced to change the password, visits every page
// (deploys, configures, tears down, enrolls a host, signs out, signs in as a viewer) and saves a
// screenshot of each step. It also watches for anything attacker data could make the page do:
// script execution, dialogs, injected elements, CSP violations, page errors.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { installMocks } from './mock-routes';
import { REPO, USERS, type Stack } from './stack';

export const SCREENS_DIR = join(REPO, 'test-artifacts', 'screens');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--headless=new'];

export interface TourResult {
  screenshots: string[];
  mockedRoutes: string[];
  problems: string[];
}

declare global {
  interface Window {
    __pwned?: unknown;
    __csp?: string[];
  }
}

export async function runTour(stack: Stack, opts: { dir?: string } = {}): Promise<TourResult> {
  const dir = opts.dir ?? SCREENS_DIR;
  mkdirSync(dir, { recursive: true });
  const shots: string[] = [];
  const problems: string[] = [];
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await ctx.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__csp!.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const used = await installMocks(ctx, stack);
    const page = await ctx.newPage();
    page.on('dialog', (d) => {
      problems.push(`dialog opened: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/the server responded with a status of (4\d\d|503)/.test(m.text())) problems.push(`console error: ${m.text()}`);
    });
    const shot = async (name: string, fullPage = true) => {
      await page.waitForTimeout(250);
      const file = join(dir, `${name}.png`);
      await page.screenshot({ path: file, fullPage });
      shots.push(file);
      await checkSafety(page, name, problems);
    };
    await steps(page, stack, shot);
    return { screenshots: shots, mockedRoutes: [...used], problems };
  } finally {
    await browser.close();
  }
}

async function checkSafety(page: Page, step: string, problems: string[]): Promise<void> {
  const r = await page.evaluate(() => ({
    pwned: window.__pwned,
    csp: window.__csp ?? [],
    injected: document.querySelectorAll('img[src="x"], svg[onload], b[onmouseover], #app script, [href^="javascript:"]').length,
  }));
  if (r.pwned !== undefined) problems.push(`${step}: attacker payload executed (__pwned=${String(r.pwned)})`);
  if (r.injected) problems.push(`${step}: ${r.injected} attacker-supplied element(s) in the DOM`);
  for (const v of r.csp) problems.push(`${step}: CSP violation ${v}`);
  await page.evaluate(() => (window.__csp = []));
}

async function nav(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
}

async function login(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function steps(page: Page, stack: Stack, shot: (name: string, fullPage?: boolean) => Promise<void>): Promise<void> {
  const op = USERS.operator;
  await page.goto(stack.baseUrl);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await shot('01-login');
  await login(page, op.username, 'wrong-password-000');
  await page.getByRole('alert').waitFor();
  await shot('02-login-error');

  await login(page, op.username, op.initial);
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await page.getByLabel('Current password', { exact: true }).fill(op.initial);
  await page.getByLabel('New password', { exact: true }).fill(op.password);
  await page.getByLabel('Confirm new password', { exact: true }).fill('mismatch-password-1');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('alert').waitFor();
  await shot('03-forced-password-change');
  await page.getByLabel('Confirm new password', { exact: true }).fill(op.password);
  await page.getByRole('button', { name: 'Change password' }).click();

  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  await page.locator('.chart canvas').waitFor({ timeout: 15_000 });
  await page.waitForTimeout(2500); // let a few live events arrive
  await shot('04-overview');

  // Error state: the statistics request fails once.
  await page.route('**/api/v1/stats?**', (r) => r.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal', message: 'Database is busy' } }) }));
  await page.reload();
  await page.getByRole('alert').first().waitFor();
  await shot('04b-overview-error-state', false);
  await page.unroute('**/api/v1/stats?**');

  // Keyboard: the skip link and focus ring are visible when tabbing.
  await page.reload();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await shot('04c-keyboard-focus', false);

  await nav(page, 'Live events');
  await page.locator('table tbody tr').first().waitFor();
  await shot('05-live-events', false);
  await page.goto(`${stack.baseUrl}/live?srcIp=192.0.2.1`);
  await page.getByText('No events match').waitFor();
  await shot('05b-live-empty-state', false);
  await page.goto(`${stack.baseUrl}/live?srcIp=203.0.113.99`);
  await page.locator('table tbody tr.clickable').first().waitFor();
  await page.locator('table tbody tr.clickable', { hasText: 'auth_attempt' }).last().click();
  await page.locator('.event-detail').waitFor();
  await shot('06-live-event-detail-hostile');

  await nav(page, 'Attackers');
  await page.locator('table tbody tr').first().waitFor();
  await page.getByRole('button', { name: 'Events' }).click();
  await page.waitForTimeout(400);
  await shot('07-attackers');
  await page.getByRole('link', { name: '203.0.113.7', exact: true }).click();
  await page.getByRole('tab', { name: /Timeline/ }).waitFor();
  await shot('08-attacker-detail');
  await page.getByRole('tab', { name: /Sessions/ }).click();
  await shot('09-attacker-sessions');
  await page.getByRole('tab', { name: /Artifacts/ }).click();
  await shot('10-attacker-artifacts', false);

  await nav(page, 'Attackers');
  await page.getByRole('link', { name: '203.0.113.99', exact: true }).click();
  await page.getByRole('tab', { name: /Commands/ }).click();
  await shot('11-attacker-hostile-commands');
  await page.getByRole('tab', { name: /Credentials/ }).click();
  await shot('12-attacker-hostile-credentials', false);

  await nav(page, 'Credentials');
  await page.locator('table tbody tr').first().waitFor();
  await shot('13-credentials');
  await page.getByRole('tab', { name: 'Reuse findings' }).click();
  await page.locator('table tbody tr').first().waitFor();
  await shot('14-credential-reuse');

  await fleetSteps(page, shot);
  await hostSteps(page, shot);

  await nav(page, 'Users');
  await page.locator('table tbody tr').first().waitFor();
  await shot('23-users');
  await page.getByRole('link', { name: 'Account settings' }).click();
  await shot('24-account');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await login(page, USERS.viewer.username, USERS.viewer.password);
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  await nav(page, 'Fleet');
  await page.locator('table tbody tr').first().waitFor();
  await shot('25-viewer-fleet');
  await page.goto(`${stack.baseUrl}/users`);
  await shot('26-viewer-users-not-found', false);
}

async function fleetSteps(page: Page, shot: (name: string, fullPage?: boolean) => Promise<void>): Promise<void> {
  await nav(page, 'Fleet');
  await page.locator('table tbody tr', { hasText: 'running' }).first().waitFor({ timeout: 15_000 });
  await shot('15-fleet');

  await page.getByRole('button', { name: 'Deploy deckies' }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByLabel('Name', { exact: true }).fill('hr-ws');
  await dlg.getByLabel('Amount', { exact: true }).fill('3');
  await dlg.getByLabel('Archetype', { exact: true }).selectOption('windows-workstation');
  await dlg.getByLabel('Rotation interval (minutes)', { exact: true }).fill('120');
  await shot('16-deploy-form', false);
  await dlg.getByRole('button', { name: 'Deploy', exact: true }).click();
  await dlg.getByRole('progressbar').waitFor();
  await shot('17-deploy-progress', false);
  await dlg.getByText(/^Finished:/).waitFor({ timeout: 30_000 });
  await shot('18-deploy-done', false);
  await dlg.getByRole('button', { name: 'Done' }).click();

  await page.getByRole('button', { name: 'Deploy deckies' }).click();
  await dlg.getByRole('tab', { name: 'INI configuration' }).click();
  await dlg.getByRole('textbox', { name: 'INI configuration' }).fill('[bad]\narchetype = toaster\n');
  await dlg.getByRole('button', { name: 'Deploy', exact: true }).click();
  await dlg.getByRole('alert').waitFor();
  await shot('19-deploy-ini-error', false);
  await dlg.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Configure web-01' }).click();
  await dlg.getByRole('button', { name: 'Add setting' }).click();
  await dlg.getByLabel('Setting', { exact: true }).last().fill('server_header');
  await dlg.getByLabel('Value', { exact: true }).last().fill('Apache/2.4.57 (Debian)');
  await dlg.getByLabel('Rotation interval (minutes)', { exact: true }).fill('60');
  await shot('20-decky-editor', false);
  await dlg.getByRole('button', { name: 'Save' }).click();
  await dlg.waitFor({ state: 'detached' });

  await page.getByRole('button', { name: 'Tear down hr-ws-03' }).click();
  await dlg.getByRole('button', { name: 'Tear down' }).click();
  await dlg.waitFor({ state: 'detached' });

  // A high-interaction decky has a Reset action: a reset_decky command to its host's agent.
  await page.getByRole('button', { name: 'Deploy deckies' }).click();
  await dlg.getByRole('tab', { name: 'INI configuration' }).click();
  await dlg.getByRole('textbox', { name: 'INI configuration' }).fill('[hi-ssh]\nservices = ssh\n\n[hi-ssh.ssh]\nmode = high-interaction\n');
  await dlg.getByRole('button', { name: 'Deploy', exact: true }).click();
  await dlg.getByText(/^Finished:/).waitFor({ timeout: 30_000 });
  await dlg.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: 'Reset hi-ssh' }).click();
  await dlg.getByRole('button', { name: 'Reset', exact: true }).click();
  await dlg.waitFor({ state: 'detached' });
  await page.getByText(/Reset of hi-ssh sent/).waitFor();
}

async function hostSteps(page: Page, shot: (name: string, fullPage?: boolean) => Promise<void>): Promise<void> {
  await nav(page, 'Hosts');
  await page.locator('table tbody tr').first().waitFor();
  await shot('21-hosts');
  await page.getByRole('button', { name: 'Add host' }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByLabel('Host name', { exact: true }).fill('sensor-dmz-3');
  await dlg.getByRole('button', { name: 'Create install command' }).click();
  await dlg.getByText('Install command').waitFor();
  await shot('22-enroll-command', false);
  await dlg.getByRole('button', { name: 'Done' }).click();
}
