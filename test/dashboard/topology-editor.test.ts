// The topology editor in real Chromium against a real control plane (libSQL file) and a stand-in
// agent whose heartbeats report the topology versions in its desired state as applied (no deckies
// are run; see topology-stack.ts): generate with a preview, create, deploy and see it go active,
// edit on the canvas (drag) and in the inspector (add a decky, change a service setting through
// its schema-built form), undo, see the diff, apply and see the version move, then a 409 when the
// topology is changed through the API behind the editor's back; the history panel lists the batches
// (who, trigger, result) and status events. A viewer sees all of it and can change nothing.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, SCREENS_DIR } from './tour';
import { ADMIN, startTopologyStack, type TopologyStack } from './topology-stack';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--headless=new'];
const HOSTILE = '<img src=x onerror=window.__pwned=1>';
const VIEWER = { username: 'maze-viewer', password: 'maze-viewer-password-1' };

/** Screen point of a canvas node from its model position and the viewport the canvas exposes. */
async function nodePoint(page: Page, pos: { x: number; y: number }): Promise<{ x: number; y: number }> {
  const canvas = page.locator('.topology-canvas').first();
  const box = (await canvas.boundingBox())!;
  const vp = await canvas.evaluate((el: HTMLElement) => ({ zoom: Number(el.dataset.zoom), x: Number(el.dataset.panX), y: Number(el.dataset.panY) }));
  return { x: box.x + 1 + vp.x + pos.x * vp.zoom, y: box.y + 1 + vp.y + pos.y * vp.zoom };
}

/** A string setting without a pattern in the first service of the decky that has one (from the host's schemas). */
function editableSetting(catalogue: any, deckies: any[]): { decky: string; service: string; key: string } {
  for (const d of deckies) {
    for (const service of d.services as string[]) {
      const props = catalogue.services.find((s: any) => s.slug === service)?.configSchema?.properties ?? {};
      const key = Object.keys(props).find((k) => props[k].type === 'string' && !props[k].pattern && !props[k].enum && (props[k].maxLength ?? 999) >= 64);
      if (key) return { decky: d.name, service, key };
    }
  }
  throw new Error('no decky has a free-text service setting');
}

describe.skipIf(!existsSync(CHROMIUM))('topology editor in Chromium', () => {
  let stack: TopologyStack;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    stack = await startTopologyStack();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('generates with a preview, edits on the canvas and inspector, applies, undoes and shows the 409', async () => {
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    const shot = async (name: string) => {
      mkdirSync(SCREENS_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENS_DIR, `topology-${name}.png`), fullPage: true });
    };
    const stagedCount = page.getByRole('toolbar', { name: 'Staged changes' });
    try {
      await steps(page, shot, stagedCount);
    } catch (err) {
      await shot('failure').catch(() => undefined);
      throw err;
    }
  }, 240_000);

  async function steps(page: Page, shot: (name: string) => Promise<void>, stagedCount: ReturnType<Page['getByRole']>) {

    await page.goto(stack.cp.url);
    await page.getByLabel('Username', { exact: true }).fill(ADMIN.username);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Topologies' }).click();
    await page.getByRole('heading', { name: 'Topologies' }).waitFor();

    // Generate: parameters, a preview on a canvas (nothing stored yet), then create.
    await page.getByRole('button', { name: 'New topology' }).click();
    const dlg = page.getByRole('dialog');
    await dlg.getByLabel('Topology name', { exact: true }).fill('maze-ui');
    await dlg.getByLabel('Depth', { exact: true }).fill('1');
    await dlg.getByLabel('Branching', { exact: true }).fill('1');
    await dlg.getByLabel('Deckies per LAN', { exact: true }).fill('2');
    await dlg.getByLabel('Seed', { exact: true }).fill('7');
    await dlg.getByRole('button', { name: 'Preview' }).click();
    await dlg.getByLabel('Preview counts').getByText('Preview: 2 LANs').waitFor();
    await dlg.locator('.topology-canvas canvas').first().waitFor();
    expect((await stack.api('GET', '/topologies')).json.items).toEqual([]);
    await shot('preview');
    await dlg.getByRole('button', { name: 'Create' }).click();
    await page.getByLabel('Topology status').getByText('version 0').waitFor();
    const id = decodeURIComponent(page.url().split('/topologies/')[1]!);
    const snap1 = (await stack.api('GET', `/topologies/${id}`)).json;
    expect(snap1.status).toBe('pending');

    // Deploy; the agent's next heartbeat reports version 0 realised: the badge turns active (SSE).
    await page.getByRole('button', { name: 'Deploy' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deploy' }).click();
    await page.getByLabel('Topology status').getByText('active', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByText('LANs are not isolated', { exact: false }).waitFor();

    // Drag a decky on the canvas: one "Move" change; undo takes it back.
    const mover = snap1.deckies[0];
    const from = await nodePoint(page, mover.pos);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y + 40, { steps: 8 });
    await page.mouse.up();
    await stagedCount.getByText('1 staged change').waitFor();
    await stagedCount.getByRole('button', { name: 'Undo' }).click();
    await stagedCount.getByText('No staged changes').waitFor();

    // Add a decky to the inner LAN with the API's next free address.
    const inner = snap1.lans.find((l: any) => !l.dmz);
    await page.getByRole('navigation', { name: 'LANs and deckies' }).getByRole('button', { name: `LAN ${inner.name}` }).click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await inspector.getByLabel('Decky name', { exact: true }).fill('web-new');
    await inspector.getByRole('button', { name: 'Next free address' }).click();
    await expect.poll(() => inspector.getByLabel('Address', { exact: true }).inputValue()).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    await inspector.getByRole('button', { name: 'Stage decky' }).click();
    await stagedCount.getByText('1 staged change').waitFor();

    // Change a service setting through the form built from the host's JSON Schema (hostile text stays text).
    const catalogue = (await stack.api('GET', `/topologies/catalogue?hostId=${stack.hostId}`)).json;
    const target = editableSetting(catalogue, snap1.deckies);
    await page.getByRole('navigation', { name: 'LANs and deckies' }).getByRole('button', { name: target.decky, exact: true }).click();
    await inspector.getByLabel(`${target.service}.${target.key}`, { exact: true }).fill(HOSTILE);
    await inspector.getByRole('button', { name: 'Stage changes' }).click();
    await stagedCount.getByText('2 staged changes').waitFor();

    // The diff lists exactly the two changes and the resulting counts; apply them as one batch.
    await stagedCount.getByRole('button', { name: 'Apply (2 changes)' }).click();
    const apply = page.getByRole('dialog');
    const items = apply.getByRole('list', { name: 'Staged changes' }).locator(':scope > li');
    await expect.poll(() => items.count()).toBe(2);
    await items.nth(0).getByText('Add decky “web-new”').waitFor();
    await items.nth(1).getByText(`Change decky “${target.decky}”`).waitFor();
    await items.nth(1).getByText(`${target.service}.${target.key}: — → ${HOSTILE}`).waitFor();
    await apply.getByText(`deckies ${snap1.deckies.length} → ${snap1.deckies.length + 1}`, { exact: false }).waitFor();
    await shot('diff');
    await apply.getByRole('button', { name: 'Apply 2 changes' }).click();
    await page.getByLabel('Topology status').getByText('version 1').waitFor();
    await page.getByLabel('Topology status').getByText('agent applied 1', { exact: false }).waitFor({ timeout: 30_000 });
    const snap2 = (await stack.api('GET', `/topologies/${id}`)).json;
    expect(snap2.version).toBe(1);
    expect(snap2.deckies.some((d: any) => d.name === 'web-new')).toBe(true);
    expect(snap2.deckies.find((d: any) => d.name === target.decky).serviceConfig[target.service][target.key]).toBe(HOSTILE);

    // Someone else changes it through the API; our staged change then gets the 409 message.
    await page.getByRole('navigation', { name: 'LANs and deckies' }).getByRole('button', { name: 'web-new', exact: true }).click();
    await inspector.getByRole('button', { name: 'Remove decky' }).click();
    await stagedCount.getByText('1 staged change').waitFor();
    const other = await stack.api('POST', `/topologies/${id}/mutations`, { version: 1, ops: [{ op: 'update_lan', lan: inner.name, patch: { pos: { x: 5, y: 5 } } }], trigger: 'api' });
    expect(other.status).toBe(202);
    await stagedCount.getByRole('button', { name: 'Apply (1 change)' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Apply 1 change' }).click();
    await page.getByRole('dialog').getByText('Someone else changed this topology (now version 2). Reload to see their changes; your 1 staged change', { exact: false }).waitFor();
    await shot('conflict');
    await page.getByRole('dialog').getByRole('button', { name: 'Reload and keep my 1 change' }).click();
    await stagedCount.getByRole('button', { name: 'Apply (1 change)' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Apply 1 change' }).click();
    await page.getByLabel('Topology status').getByText('version 3').waitFor();
    expect((await stack.api('GET', `/topologies/${id}`)).json.deckies.some((d: any) => d.name === 'web-new')).toBe(false);

    // The history: every batch with who, trigger, what and the agent's result; the audited status events.
    const history = page.getByRole('table', { name: 'Mutation history' });
    await expect.poll(() => history.locator('tbody tr').count()).toBe(3);
    const rows = history.locator('tbody tr');
    await rows.nth(1).getByText('update LAN', { exact: false }).waitFor(); // newest first: ours (v3), the API's (v2), ours (v1)
    expect(await rows.nth(1).locator('td').nth(2).innerText()).toBe('api');
    expect(await rows.nth(2).locator('td').nth(1).innerText()).toBe(ADMIN.username);
    await rows.nth(2).getByText('add decky web-new', { exact: false }).waitFor();
    await rows.nth(2).getByText('applied', { exact: true }).waitFor();
    await rows.nth(0).getByText('remove decky web-new').waitFor();
    const events = page.getByRole('table', { name: 'Status events' });
    await events.locator('tbody tr', { hasText: 'deploying' }).filter({ hasText: 'active' }).first().waitFor();
    await shot('history');

    // The list shows it with its host, status, version and counts.
    await page.getByRole('link', { name: 'Topologies', exact: true }).first().click();
    const row = page.getByRole('table', { name: 'Topologies' }).locator('tbody tr', { hasText: 'maze-ui' });
    await row.getByText('active', { exact: true }).waitFor();
    expect(await row.locator('td').allInnerTexts()).toEqual(['maze-ui', 'sensor-maze-1', 'active', '3', '2', String(snap1.deckies.length), expect.any(String)]);
    await shot('list');

    // Blank (one empty DMZ LAN) and from INI (a one-LAN topology) open the editor too.
    const create = async (tab: string, name: string, fill: (d: ReturnType<Page['getByRole']>) => Promise<void>) => {
      await page.getByRole('button', { name: 'New topology' }).click();
      const d = page.getByRole('dialog');
      await d.getByLabel('Topology name', { exact: true }).fill(name);
      await d.getByRole('tab', { name: tab }).click();
      await fill(d);
      await d.getByRole('button', { name: 'Create' }).click();
      await page.getByRole('heading', { name: `Topologies / ${name}` }).waitFor();
    };
    await create('Blank', 'blank-1', (d) => d.getByLabel('DMZ subnet', { exact: true }).fill('10.120.0.0/24'));
    await page.getByRole('navigation', { name: 'LANs and deckies' }).getByRole('button', { name: 'LAN dmz' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Topologies' }).click();
    await create('From INI', 'ini-1', (d) => d.getByLabel('INI configuration', { exact: true }).fill('[ini-web-01]\nservices=http\n'));
    await page.getByRole('navigation', { name: 'LANs and deckies' }).getByRole('button', { name: 'ini-web-01' }).waitFor();

    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(problems).toEqual([]);
  }

  it('a viewer sees the topology, its canvas and history, and can change nothing', async () => {
    expect((await stack.api('POST', '/users', { username: VIEWER.username, password: VIEWER.password, role: 'viewer', mustChangePassword: false })).status).toBe(201);
    const id = (await stack.api('GET', '/topologies')).json.items.find((t: any) => t.name === 'maze-ui').id as string;
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    page.on('pageerror', (e) => problems.push(`viewer page error: ${e.message}`));
    await page.goto(stack.cp.url);
    await page.getByLabel('Username', { exact: true }).fill(VIEWER.username);
    await page.getByLabel('Password', { exact: true }).fill(VIEWER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Topologies' }).click();
    await page.getByRole('heading', { name: 'Topologies' }).waitFor();
    expect(await page.getByRole('button', { name: 'New topology' }).count()).toBe(0);
    await page.getByRole('link', { name: 'maze-ui' }).click();
    await page.getByLabel('Topology status').getByText('version 3').waitFor();
    await page.locator('.topology-canvas canvas').first().waitFor();
    await expect.poll(() => page.getByRole('table', { name: 'Mutation history' }).locator('tbody tr').count()).toBe(3);
    // No staged-change bar, no deploy/teardown/delete, and the inspector's fields are read-only.
    expect(await page.getByRole('toolbar', { name: 'Staged changes' }).count()).toBe(0);
    for (const name of ['Deploy', 'Tear down', 'Delete']) expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
    const decky = (await stack.api('GET', `/topologies/${id}`)).json.deckies[0].name as string;
    await page.getByRole('navigation', { name: 'LANs and deckies' }).getByRole('button', { name: decky, exact: true }).click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await inspector.getByText(decky, { exact: false }).first().waitFor();
    expect(await inspector.getByRole('button', { name: /Stage|Remove|Attach|Detach/ }).count()).toBe(0);
    expect(await inspector.locator('input:enabled, select:enabled, textarea:enabled').count()).toBe(0); // :enabled counts a disabled fieldset too
    // The API refuses a batch sent with the viewer's own session (what a crafted request could try).
    const before = (await stack.api('GET', `/topologies/${id}`)).json.version;
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('decnet.session') ?? 'null') as { token?: string } | null)?.token);
    expect(token).toBeTruthy();
    const refused = await fetch(`${stack.cp.url}/api/v1/topologies/${id}/mutations`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ version: before, ops: [{ op: 'remove_decky', decky }], trigger: 'viewer' }),
    });
    expect(refused.status).toBe(403);
    expect((await stack.api('GET', `/topologies/${id}`)).json.version).toBe(before);
    mkdirSync(SCREENS_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENS_DIR, 'topology-viewer.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  }, 120_000);
});
