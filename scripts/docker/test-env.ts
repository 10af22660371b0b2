// Setup shared by the docker runtime's tests and bench: a running dockerd, the offline base image,
// the bundled runner and the template image (all cached), and a veth pair as the macvlan parent.
import { execFile } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const TEST_IMAGE = 'decnet/templates:dev';
export const TEST_BASE_IMAGE = 'decnet/node-base:bookworm';

export interface TestNet {
  /** macvlan parent (docker side of the veth pair). */
  parent: string;
  /** Host side, holding `hostIp`: the host reaches deckies through it. */
  peer: string;
  subnet: string;
  hostIp: string;
}

async function sh(cmd: string, args: string[], timeoutMs = 240_000): Promise<string> {
  const { stdout } = await run(cmd, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** Why docker cannot be used here, or undefined when dockerd answers (installing/starting it if needed). */
export async function ensureDocker(): Promise<string | undefined> {
  try {
    await sh('bash', [join(ROOT, 'scripts/docker/ensure-dockerd.sh')]);
    return undefined;
  } catch (e) {
    return `docker unavailable: ${((e as { stderr?: string }).stderr || (e as Error).message).trim().slice(0, 500)}`;
  }
}

/**
 * The image runs the production build's runner (dist/runner.mjs, the file the local runtime runs),
 * rebuilt only when sources changed, copied into the docker build context (templates/dist/).
 */
export async function stageRunnerBundle(): Promise<void> {
  await run(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--node', '--quiet'], { cwd: ROOT, timeout: 300_000 });
  await mkdir(join(ROOT, 'templates', 'dist'), { recursive: true });
  await copyFile(join(ROOT, 'dist', 'runner.mjs'), join(ROOT, 'templates', 'dist', 'decky-runner.mjs'));
}

/** Base image (debootstrap, cached), runner bundle and template image; returns timings in ms. */
export async function ensureTemplateImage(): Promise<{ baseMs: number; bundleMs: number; buildMs: number }> {
  let t = Date.now();
  await sh('bash', [join(ROOT, 'scripts/docker/build-base-image.sh')]);
  const baseMs = Date.now() - t;
  t = Date.now();
  await stageRunnerBundle();
  const bundleMs = Date.now() - t;
  t = Date.now();
  await sh('docker', ['build', '-q', '--build-arg', `BASE_IMAGE=${TEST_BASE_IMAGE}`, '-t', TEST_IMAGE, join(ROOT, 'templates')]);
  return { baseMs, bundleMs, buildMs: Date.now() - t };
}

/** Creates (or re-creates) the veth pair; `index` separates the test's network from the bench's. */
export async function vethUp(index: number): Promise<TestNet> {
  const net: TestNet = { parent: `decnet-vh${index}a`, peer: `decnet-vh${index}b`, subnet: `10.198.${index}.0/24`, hostIp: `10.198.${index}.1` };
  await vethDown(net);
  await sh('ip', ['link', 'add', net.parent, 'type', 'veth', 'peer', 'name', net.peer]);
  await sh('ip', ['link', 'set', net.parent, 'up']);
  await sh('ip', ['addr', 'add', `${net.hostIp}/24`, 'dev', net.peer]);
  await sh('ip', ['link', 'set', net.peer, 'up']);
  return net;
}

export async function vethDown(net: Pick<TestNet, 'parent'>): Promise<void> {
  await sh('ip', ['link', 'del', net.parent]).catch(() => undefined); // deleting one end drops the pair
}

/** `docker exec` with an argv (no shell string). */
export async function dockerExec(container: string, argv: string[]): Promise<string> {
  return sh('docker', ['exec', container, ...argv], 30_000);
}
