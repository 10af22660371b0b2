// The admin Releases page in Chromium (issue 19), registered inside realism-report.test.ts to share its
// control plane, fake agent and browser: a release published through the API is listed as signed, is
// pushed to the agent's host from the page, the host's progress as the agent reports it (downloading,
// then rolled back with its reason) appears, and the agent-reported reason stays inert text.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DesiredStateResponse } from '@decnet/protocol';
import { expect, it } from 'vitest';
import { mtlsCall } from './fake-agent';
import { USERS, type Stack } from './stack';

const VERSION = '0.2.0';
const SCRIPT = '<script>window.__pwned=3</script>';
const IMG = '<img src=x onerror="window.__pwned=4">';
/** What a failing agent could report: markup and a terminal escape from its own crash output. */
const REASON = `exited (code 3) before it was healthy: ${SCRIPT} ${IMG} \u001b[31mboom; switched back to 0.1.0`;

/** An agent-bundle-shaped .tar.gz (package.json with the name and version publish checks). */
function fakeBundle(version: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'decnet-release-page-'));
  try {
    mkdirSync(join(dir, 'b', 'dist'), { recursive: true });
    writeFileSync(join(dir, 'b', 'package.json'), JSON.stringify({ name: 'decnet-agent-bundle', private: true, version }));
    writeFileSync(join(dir, 'b', 'dist', 'blob.bin'), randomBytes(20_000));
    execFileSync('tar', ['-czf', join(dir, 'bundle.tar.gz'), '-C', join(dir, 'b'), './package.json', './dist']);
    return readFileSync(join(dir, 'bundle.tar.gz'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function publish(baseUrl: string, token: string, version: string): Promise<void> {
  const call = async (path: string, init: RequestInit) => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { chunkBytes: number; status: string };
  };
  const bytes = fakeBundle(version);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const json = { 'content-type': 'application/json' };
  const { chunkBytes } = await call('/releases', { method: 'POST', headers: json, body: JSON.stringify({ version, size: bytes.length, sha256 }) });
  for (let i = 0; i * chunkBytes < bytes.length; i++) {
    await call(`/releases/${version}/chunks/${i}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes.subarray(i * chunkBytes, (i + 1) * chunkBytes)) });
  }
  expect((await call(`/releases/${version}/publish`, { method: 'POST', headers: json, body: '{}' })).status).toBe('ready');
}

async function signIn(browser: Browser, baseUrl: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(baseUrl);
  await page.getByLabel('Username', { exact: true }).fill(USERS.admin.username);
  await page.getByLabel('Password', { exact: true }).fill(USERS.admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Releases' }).click();
  return { page, problems };
}

/** Registers the Releases page test; `ctx` gives the file's running stack and browser. */
export function releasesPageTests(ctx: () => { stack: Stack; browser: Browser }): void {
  it('lists a published release, pushes it to a host, shows the host\'s progress, and the agent\'s reason as text', async () => {
    const { stack, browser } = ctx();
    const login = (await (await fetch(`${stack.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: USERS.admin.username, password: USERS.admin.password }) })).json()) as { token: string };
    await publish(stack.baseUrl, login.token, VERSION);

    const { page, problems } = await signIn(browser, stack.baseUrl);
    const table = (caption: string) => page.locator('table', { has: page.locator('caption', { hasText: caption }) });
    // Listed, signed.
    await table('Agent releases').locator('tr', { hasText: VERSION }).filter({ hasText: 'signed' }).waitFor();

    // Pushed from the page to the fake agent's host.
    await page.getByLabel('Release', { exact: true }).selectOption(VERSION);
    await page.getByLabel('Push to', { exact: true }).selectOption('host');
    await page.getByLabel('Host', { exact: true }).selectOption({ label: 'sensor-lab-1' });
    await page.getByRole('button', { name: 'Push', exact: true }).click();
    const row = table('Update status per host').locator('tr', { hasText: 'sensor-lab-1' });
    await row.filter({ hasText: 'pending' }).filter({ hasText: VERSION }).waitFor();

    // The agent sees the push in its desired state and reports progress; the page follows (it polls).
    const desired = await mtlsCall<DesiredStateResponse>(stack.cp.mtlsUrl, stack.cp.caCertPem, stack.agent, '/agent/v1/desired-state?waitS=0');
    expect(desired.release?.version).toBe(VERSION);
    const report = (phase: string, reason?: string) =>
      mtlsCall(stack.cp.mtlsUrl, stack.cp.caCertPem, stack.agent, '/agent/v1/update-status', { id: desired.release!.id, version: VERSION, phase, runningVersion: '0.1.0', ...(reason && { reason }) });
    await report('downloading');
    await row.filter({ hasText: 'downloading' }).waitFor();
    await report('rolled_back', REASON);
    await row.filter({ hasText: 'rolled back' }).waitFor();

    // The reason verbatim, as text: no element made of it, nothing ran.
    expect(await row.textContent()).toContain(`${SCRIPT} ${IMG} \u001b[31mboom`);
    expect(await page.locator('table script, table img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    // Rolled back automatically: the manual rollback to the version before the push is offered.
    expect(await row.getByRole('button', { name: 'Roll back sensor-lab-1 to 0.1.0' }).count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
}
