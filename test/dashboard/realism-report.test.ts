// The Fleet page's realism report (issue 17 self-test) in Chromium against a real control plane: a
// report the fake agent uploads on its mutual-TLS route (its own decky only) opens from the decky
// table with its verdict, what an attacker sees per port, the contradictions and every check with its
// evidence; attacker strings (a <script> in a banner, markup, terminal escapes) stay inert text.
// The same browser and stack also run the Releases page test (releases-page.ts).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RealismReport } from '@decnet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mtlsCall } from './fake-agent';
import { releasesPageTests } from './releases-page';
import { ensureBuild, startStack, USERS, type Stack } from './stack';
import { CHROMIUM } from './tour';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--headless=new'];
const SCRIPT = '<script>window.__pwned=1</script>';
const IMG = '<img src=x onerror="window.__pwned=2">';

const REPORT: RealismReport = {
  decky: 'web-01',
  ranAt: new Date(Date.UTC(2026, 11, 5, 9, 30)).toISOString(),
  durationMs: 48_300,
  persona: 'linux/ubuntu20 web-server',
  nmap: { available: true, osScan: true },
  attackerView: [
    { service: 'http', port: 80, text: `Apache/2.4.41 (Ubuntu) ${SCRIPT}` },
    { service: 'ftp', port: 21, text: `220 (vsFTPd 3.0.3)\r\n${IMG}` },
  ],
  checks: [
    { id: 'nmap-os', status: 'pass', summary: 'nmap -O first guess: Linux 5.4 (96%)', evidence: [{ layer: 'nmap -O', seen: 'Linux 5.4' }] },
    { id: 'persona-consistency', status: 'fail', summary: '1 layer contradicts the persona', evidence: [{ layer: 'http Server (80/tcp)', seen: `Microsoft-IIS/10.0 ${SCRIPT}`, expected: 'a linux http Server (shows windows)' }] },
    { id: 'static-banners', status: 'skip', summary: 'no known honeypot banner list for ftp', evidence: [] },
    { id: 'timing', status: 'pass', summary: 'login delays vary', evidence: [{ layer: 'telnet prompt', seen: 'clear \u001b[2J then \u202eevil' }] },
  ],
};

describe.skipIf(!existsSync(CHROMIUM))('realism report modal in Chromium', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuild();
    stack = await startStack({ liveEventMs: 60_000 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function openReport(user: { username: string; password: string }): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(stack.baseUrl);
    await page.getByLabel('Username', { exact: true }).fill(user.username);
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Fleet' }).click();
    await page.getByRole('button', { name: 'Realism report of web-01' }).click();
    await page.getByRole('dialog').getByRole('heading', { name: 'Checks' }).waitFor();
    return { page, problems };
  }

  it('stores the agent\'s report for its own decky only, and the API returns it', async () => {
    const other = { ...REPORT, decky: 'not-on-this-host' };
    const res = await mtlsCall<{ stored: number }>(stack.cp.mtlsUrl, stack.cp.caCertPem, stack.agent, '/agent/v1/realism-reports', { reports: [REPORT, other] });
    expect(res.stored).toBe(1);
    const login = await (await fetch(`${stack.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: USERS.viewer.username, password: USERS.viewer.password }) })).json() as { token: string };
    const got = await (await fetch(`${stack.baseUrl}/api/v1/deckies/web-01/realism`, { headers: { authorization: `Bearer ${login.token}` } })).json() as { report: RealismReport | null };
    expect(got.report).toEqual(REPORT);
  });

  it('shows verdict, ports, contradictions and checks, with every attacker string as text', async () => {
    const { page, problems } = await openReport(USERS.admin);
    const dlg = page.getByRole('dialog');
    await expect(dlg.getByRole('heading', { name: 'Realism of web-01' }).count()).resolves.toBe(1);
    const text = (await dlg.textContent()) ?? '';
    expect(text).toContain('fail');
    expect(text).toContain('linux/ubuntu20 web-server');
    expect(text).toContain('nmap -sV -O');
    // What an attacker sees, per port, verbatim (newlines shown as ⏎).
    expect(text).toContain(`http 80/tcp Apache/2.4.41 (Ubuntu) ${SCRIPT}`);
    expect(text).toContain(`ftp 21/tcp 220 (vsFTPd 3.0.3)⏎${IMG}`);
    // The contradiction, with what the persona would show instead.
    const bad = dlg.locator('h3', { hasText: 'Contradictions with the persona' });
    expect(await bad.count()).toBe(1);
    expect(text).toContain(`http Server (80/tcp): Microsoft-IIS/10.0 ${SCRIPT} expected a linux http Server (shows windows)`);
    // Every check, the failed one first and open; hidden characters made visible.
    const summaries = await dlg.locator('details > summary').allTextContents();
    expect(summaries.map((s) => s.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual(['fail persona-consistency', 'pass nmap-os', 'pass timing', 'skip static-banners']);
    expect(await dlg.locator('details[open] > summary').allTextContents()).toEqual([expect.stringContaining('persona-consistency')]);
    expect(text).toContain('clear \\x1b[2J then \\u202eevil');
    // Nothing the decky reported became markup or ran.
    expect(await dlg.locator('script, img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    // Admins can ask for a new run from here.
    expect(await dlg.getByRole('button', { name: 'Run self-test' }).count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('a viewer reads the same report without the self-test action', async () => {
    const { page, problems } = await openReport(USERS.viewer);
    const dlg = page.getByRole('dialog');
    expect((await dlg.textContent()) ?? '').toContain(`Microsoft-IIS/10.0 ${SCRIPT}`);
    expect(await dlg.getByRole('button', { name: 'Run self-test' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  releasesPageTests(() => ({ stack, browser }));
});
