// `npm start --runtime docker` (scripts/stack.ts) against a real dockerd: the runtime given at start
// wins over the one saved at enrollment, each decky is listed with its LAN address and answers there;
// closing with keepDeckies leaves the containers running (the next start adopts them); closing without
// it removes exactly this start's deckies, not another agent's. Needs root; only touches 10.198.4.0/24.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDocker, ensureTemplateImage, TEST_IMAGE, vethDown, vethUp, type TestNet } from '../../scripts/docker/test-env';
import { startStack, type Stack } from '../../scripts/stack';

const run = promisify(execFile);
const skip = process.getuid?.() !== 0 ? 'needs root (veth, dockerd)' : await ensureDocker();
if (skip) console.warn(`npm start docker e2e SKIPPED: ${skip}`);

const docker = async (...args: string[]): Promise<string> => (await run('docker', args)).stdout.trim();
const containersOf = async (decky: string): Promise<string[]> => (await docker('ps', '-aq', '--filter', `label=decnet.decky=${decky}`)).split('\n').filter(Boolean);

let net: TestNet;
let dir: string;
let stack: Stack | undefined;

describe.skipIf(!!skip)('npm start on the docker runtime', () => {
  let env: Record<string, string | undefined>;
  const start = (runtime: 'local' | 'docker') => startStack({ dataDir: join(dir, 'data'), port: 0, mtlsPort: 0, fleetIni: '[dk-web]\nservices=http\n', runtime, env });

  beforeAll(async () => {
    await ensureTemplateImage();
    net = await vethUp(4);
    dir = mkdtempSync(join(tmpdir(), 'decnet-start-docker-'));
    env = { ...process.env, DECNET_ADMIN_PASSWORD: 'start-docker-password-1', DECNET_DOCKER_PARENT: net.parent, DECNET_DOCKER_SUBNET: net.subnet, DECNET_DOCKER_IP_RANGE: '10.198.4.64/26', DECNET_DOCKER_IMAGE: TEST_IMAGE };
  }, 600_000);

  afterAll(async () => {
    await stack?.close().catch(() => undefined);
    await docker('rm', '-f', 'decnet-other-agent').catch(() => '');
    if (net) await vethDown(net);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a data dir enrolled on the local runtime starts on docker when asked, lists the LAN address, and the decky answers there', async () => {
    stack = await start('local'); // enrolls with runtime local, runs dk-web as a runner
    await stack.fleetRunning(60_000);
    expect((await stack.deckies())[0]?.address).toMatch(/^127\./);
    await stack.close();
    stack = await start('docker');
    expect(stack.runtime).toBe('docker');
    expect(stack.network).toEqual({ parent: net.parent, subnet: net.subnet });
    await stack.fleetRunning(180_000);
    const [web] = await stack.deckies();
    expect(web).toMatchObject({ name: 'dk-web', state: 'running', services: [{ service: 'http', port: 80 }] });
    const last = Number(web!.address!.split('.')[3]);
    expect(web!.address!.startsWith('10.198.4.') && last >= 64 && last < 128).toBe(true);
    // The host reaches the macvlan decky through the veth peer.
    await expect.poll(async () => (await fetch(`http://${web!.address}/`).catch(() => undefined))?.status, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await containersOf('dk-web')).toHaveLength(2); // base + services
  }, 300_000);

  it('closing with keepDeckies leaves the containers running; the next start adopts them', async () => {
    const before = (await containersOf('dk-web')).sort();
    await stack!.close({ keepDeckies: true });
    stack = undefined;
    expect((await containersOf('dk-web')).sort()).toEqual(before);
    expect(await docker('inspect', '-f', '{{.State.Running}}', 'decnet-dk-web.svc')).toBe('true');
    stack = await start('docker');
    await stack.fleetRunning(180_000);
    expect((await containersOf('dk-web')).sort()).toEqual(before); // adopted, not re-created
  }, 300_000);

  it('closing without it removes this start\'s deckies and nothing else', async () => {
    // "Another agent's" decky under the same label (created after this start's apply, which reaps
    // leftovers of its own): stopping must not remove it.
    await docker('rm', '-f', 'decnet-other-agent').catch(() => '');
    await docker('create', '--name', 'decnet-other-agent', '--label', 'decnet.managed=true', '--label', 'decnet.decky=other-agent', TEST_IMAGE);
    await stack!.close();
    stack = undefined;
    expect(await containersOf('dk-web')).toEqual([]);
    expect(await containersOf('other-agent')).toHaveLength(1);
  }, 120_000);
});
