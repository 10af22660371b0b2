// Starts the control plane's compiled Node entry (dist/control-plane.mjs, what `npm start` runs; the
// bench script builds it first) in its own process, so the load generator does not share its event
// loop, on a fresh data directory, and returns its URL and an admin token.
import { firstAdminToken } from '../../control-plane/src/testing/first-admin';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;
const ADMIN_PASSWORD = 'bench-admin-password-1';

export interface SpawnedControlPlane {
  url: string;
  token: string;
  proc: ChildProcess;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * `opts.dataDir` reuses a data directory (its admin already changed the password); `keepData` leaves it on stop.
 * `opts.settled` also waits until every process has loaded the enrichment dataset (a start-up cost of
 * seconds of CPU that would otherwise land in the first measurement).
 */
export async function spawnControlPlane(port: number, extraEnv: Record<string, string> = {}, opts: { dataDir?: string; keepData?: boolean; settled?: boolean } = {}): Promise<SpawnedControlPlane> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'decnet-bench-'));
  const proc = spawn(process.execPath, [...(process.env.DECNET_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.DECNET_BENCH_PROFILE}`] : []), join(ROOT, 'dist/control-plane.mjs')], {
    env: { ...process.env, DECNET_DATA_DIR: dataDir, DECNET_PORT: String(port), DECNET_MTLS_PORT: '0', DECNET_ADMIN_PASSWORD: ADMIN_PASSWORD, ...extraEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ok, fail) => {
    proc.once('exit', (code) => fail(new Error(`control plane exited early (${code})`)));
    const ready = extraEnv.DECNET_WORKERS ? `with ${extraEnv.DECNET_WORKERS} workers` : 'listening on';
    const datasets = opts.settled ? Number(extraEnv.DECNET_WORKERS ?? 1) : 0;
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(ready) && out.split('"ip dataset ready"').length > datasets) ok();
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const token = opts.dataDir ? await login(url, 'bench-admin-password-2') : await firstAdminToken(url, ADMIN_PASSWORD, 'bench-admin-password-2');
  return {
    url,
    token,
    proc,
    dataDir,
    stop: async () => {
      const exited = new Promise((ok) => proc.once('exit', ok));
      proc.kill('SIGTERM');
      await exited;
      if (!opts.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function login(url: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
  if (!res.ok) throw new Error(`login: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
