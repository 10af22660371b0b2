// The Webhooks and Canaries pages in Chromium against a real Node control plane (real libSQL file, a
// really enrolled host with a deployed decky, a local node:http webhook receiver): add a webhook and
// send a test (HMAC checked with the secret the page showed), create and plant a canary from the
// page, trigger it with a hostile user agent and read the trigger's details as text, see its webhook
// in the delivery log, re-deliver the dead letter, and open the downloaded HTML token in the browser
// for a verified fingerprint.
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type RunningControlPlane } from '../../control-plane/src/runtime/node';
import { firstAdminToken } from '../../control-plane/src/testing/first-admin';
import { startReceiver, type Receiver } from '../../control-plane/src/testing/webhook-receiver';
import { enrollFakeAgent } from './fake-agent';
import { DIST, ensureBuild } from './stack';
import { CHROMIUM, SCREENS_DIR } from './tour';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--headless=new'];
const PASSWORD = 'canary-page-password-2';
const HOSTILE_UA = '<img src=x onerror=window.__pwned=1>"><script>window.__pwned=2</script>';
const UI_WAIT_MS = 30_000;

describe.skipIf(!existsSync(CHROMIUM))('Webhooks and Canaries pages in Chromium, real control plane', () => {
  let cp: RunningControlPlane;
  let rx: Receiver;
  let browser: Browser;
  let page: Page;
  let secret = '';
  let tokenUrl = '';
  const problems: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'decnet-canary-page-'));

  beforeAll(async () => {
    ensureBuild();
    rx = await startReceiver();
    cp = await startControlPlane({
      env: { DECNET_ADMIN_PASSWORD: 'canary-page-password-1', DECNET_DASHBOARD_DIR: DIST, DECNET_WEBHOOK_ALLOW_PRIVATE: '127.0.0.1/32', DECNET_PTR_LOOKUPS: '0' },
      dataDir: dir, port: 0, mtlsPort: 0,
    });
    const admin = await firstAdminToken(cp.url, 'canary-page-password-1', PASSWORD);
    const agent = await enrollFakeAgent(cp.url, admin, 'sensor-canary');
    const res = await fetch(`${cp.url}/api/v1/deckies/deploy`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ iniContent: '[files-01]\nservices=ssh,ftp\n', hostId: agent.hostId }) });
    expect(res.status).toBe(200);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => (problems.push(`dialog: ${d.message()}`), void d.dismiss()));
    await page.goto(cp.url);
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await cp?.close();
    await rx?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const shot = async (name: string) => {
    mkdirSync(SCREENS_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENS_DIR, `canaries-${name}.png`), fullPage: true });
  };
  const nav = (label: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();

  it('adds a webhook to a local receiver and sends a test the receiver can verify with the shown secret', async () => {
    await nav('Webhooks');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const dlg = page.getByRole('dialog');
    await dlg.getByLabel('Name').fill('SOC receiver');
    await dlg.getByLabel('URL').fill(rx.url);
    await dlg.getByRole('button', { name: 'Create webhook' }).click();
    secret = (await page.getByTestId('webhook-secret').textContent())!.trim();
    expect(secret.length).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Send test to SOC receiver' }).click();
    await page.getByText(/Test delivered \(HTTP 200/).waitFor({ timeout: UI_WAIT_MS });
    const got = rx.received.at(-1)!;
    expect(got.headers['x-decnet-signature']).toBe(`sha256=${createHmac('sha256', secret).update(got.body).digest('hex')}`);
  });

  it('creates a .env canary planted on a decky from the page, and shows its placement', async () => {
    rx.respond = () => 400; // the canary's webhook is refused: no retry on 4xx, a dead letter at once
    await nav('Canaries');
    await page.getByRole('button', { name: 'New token' }).click();
    const dlg = page.getByRole('dialog');
    await dlg.getByLabel('Generator').selectOption('env');
    await dlg.getByLabel('Memo').fill('Billing app secrets on files-01');
    await dlg.getByLabel('Decky').selectOption('files-01');
    await dlg.getByRole('button', { name: '/srv/app/.env' }).click(); // one of the generator's suggested paths
    await dlg.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('heading', { name: 'Billing app secrets on files-01' }).waitFor();
    const placements = page.getByRole('table').filter({ has: page.locator('caption', { hasText: 'Placements' }) });
    await placements.getByRole('row', { name: /files-01 \/srv\/app\/\.env/ }).waitFor();
    tokenUrl = (await page.locator('dd .mono', { hasText: '/c/' }).first().textContent())!.trim();
    expect(tokenUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/c\/[a-z0-9]{24}$/);
    await nav('Canaries');
    await page.getByRole('row', { name: 'Open Billing app secrets on files-01' }).waitFor();
    await page.getByText('files-01:/srv/app/.env').waitFor();
    await shot('list');
  });

  it('shows a trigger with its details as text, linked to the attacker', async () => {
    const r = await fetch(tokenUrl, { headers: { 'user-agent': HOSTILE_UA, 'x-forwarded-for': '<b>10.0.0.1</b>' } });
    expect(r.status).toBe(200);
    await page.getByRole('row', { name: 'Open Billing app secrets on files-01' }).click();
    const row = page.getByRole('row', { name: /^Trigger at .* via http$/ });
    for (let i = 0; i < 40 && !(await row.count()); i++) await page.reload().then(() => page.waitForTimeout(250));
    await row.click();
    const details = page.getByTestId('trigger-details');
    await details.getByText(HOSTILE_UA).first().waitFor();
    expect(await details.getByText(HOSTILE_UA).count()).toBe(2); // the user agent row and the header
    await details.getByText('<b>10.0.0.1</b>').waitFor();
    await expect(details.getByRole('link', { name: '127.0.0.1' }).getAttribute('href')).resolves.toMatch(/^\/attackers\/[0-9a-f]{32}$/);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await shot('trigger-details');
  });

  it("lists the canary's webhook as a dead letter and re-delivers it", async () => {
    await nav('Webhooks');
    await page.getByRole('button', { name: 'Deliveries of SOC receiver' }).click();
    const dlg = page.getByRole('dialog');
    const dead = dlg.getByRole('row').filter({ hasText: 'canary.triggered' }).filter({ hasText: 'dead' });
    for (let i = 0; i < 40 && !(await dead.count()); i++) {
      await dlg.getByLabel('Dead letters only').check();
      await dlg.getByLabel('Dead letters only').uncheck();
      await page.waitForTimeout(250);
    }
    expect(await dead.first().textContent()).toContain('400');
    rx.respond = () => 200;
    const before = rx.received.length;
    await dead.getByRole('button', { name: 'Re-deliver' }).click();
    await page.getByText('1 queued again').waitFor();
    for (let i = 0; i < 80 && !rx.received.slice(before).some((x) => x.body.includes('"canary.triggered"')); i++) await page.waitForTimeout(100);
    const got = rx.received.slice(before).find((x) => x.body.includes('"canary.triggered"'))!;
    expect(got.headers['x-decnet-signature']).toBe(`sha256=${createHmac('sha256', secret).update(got.body).digest('hex')}`);
    expect(JSON.parse(got.body).payload.userAgent).toBe(HOSTILE_UA);
    const delivered = dlg.getByRole('row').filter({ hasText: 'canary.triggered' }).filter({ hasText: 'delivered' });
    for (let i = 0; i < 40 && !(await delivered.count()); i++) {
      await dlg.getByLabel('Dead letters only').check();
      await dlg.getByLabel('Dead letters only').uncheck();
      await page.waitForTimeout(250);
    }
    expect(await delivered.count()).toBe(1);
    await dlg.getByRole('button', { name: 'Close' }).first().click();
  });

  it('downloads an HTML token from its page; opened in Chromium it reports a verified fingerprint', async () => {
    await nav('Canaries');
    await page.getByRole('button', { name: 'New token' }).click();
    const dlg = page.getByRole('dialog');
    await dlg.getByLabel('Generator').selectOption('html');
    await dlg.getByLabel('Memo').fill('Intranet portal page');
    await dlg.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('heading', { name: 'Intranet portal page' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download / }).click()]);
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const bait = await browser.newPage();
    await bait.goto(`file://${file}`);
    const row = page.getByRole('row', { name: /via fingerprint$/ });
    for (let i = 0; i < 40 && !(await row.count()); i++) await page.reload().then(() => page.waitForTimeout(250));
    await row.click();
    const details = page.getByTestId('trigger-details');
    await details.getByText('signature verified').waitFor();
    await details.locator('.kv-row', { hasText: 'webdriver' }).getByText('true').waitFor();
    await shot('fingerprint');
    await bait.close();
    expect(problems).toEqual([]);
  });
});
