// Test/bench setup for high-interaction deckies: the real-OpenSSH image (build-hi-image.sh; docker
// caches its apt layer, so a rebuild after a source change only re-copies the supervisor bundle).
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const HI_TEST_IMAGE = 'decnet/high-interaction:bookworm';

/** Builds (or refreshes) the image; returns the time it took in ms. */
export async function ensureHiImage(): Promise<number> {
  const t = Date.now();
  await run('bash', [join(ROOT, 'scripts/docker/build-hi-image.sh')], { timeout: 600_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, HI_TAG: HI_TEST_IMAGE } });
  return Date.now() - t;
}

export const SSH_OPTS = ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'PubkeyAuthentication=no', '-o', 'PreferredAuthentications=password', '-o', 'ConnectTimeout=10'];

/** `sshpass -p PW ssh ... user@ip cmd`; resolves with stdout, rejects with the exit code in the error. */
export async function sshExec(ip: string, user: string, password: string, cmd: string, timeoutMs = 30_000): Promise<string> {
  const { stdout } = await run('sshpass', ['-p', password, 'ssh', ...SSH_OPTS, `${user}@${ip}`, cmd], { timeout: timeoutMs });
  return stdout;
}
