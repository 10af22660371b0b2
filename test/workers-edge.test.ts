// The README's Workers section under `wrangler dev` (workerd) with a local D1, as a new user follows it:
// `npm run workers:ca -- --dev-vars` makes the CA and the secrets, migrations apply with wrangler, the
// admin logs in and creates an enrollment token, and the one-line install (`curl .../install.sh | bash`)
// fetches the script and the agent bundle from the Worker's static assets and enrolls the agent.
// Needs root (install.sh creates the service user); the agent is installed under a temporary --prefix.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeWorkersAssets, WORKERS_ASSETS } from '../scripts/build/workers-assets.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'node_modules/.bin');
const isRoot = process.getuid?.() === 0;
const PORT = 8000 + (process.pid % 900);
const URL_BASE = `http://127.0.0.1:${PORT}`;
const ENV = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' };

let dir: string;
let dev: ChildProcess | undefined;
let devLog = '';
let adminPassword = '';
let caSha256 = '';

function wranglerConfig(): string {
  return [
    'name = "decnet-edge-test"',
    `main = "${join(ROOT, 'control-plane/src/runtime/workers.ts')}"`,
    'compatibility_date = "2026-04-01"',
    'compatibility_flags = ["nodejs_compat"]',
    '[vars]',
    'DECNET_ADMIN_USER = "admin"',
    '[[d1_databases]]',
    'binding = "DB"',
    'database_name = "decnet"',
    'database_id = "00000000-0000-4000-8000-000000000000"',
    `migrations_dir = "${join(ROOT, 'control-plane/drizzle')}"`,
    // The same [assets] block as the repository's wrangler.toml, with an absolute directory.
    '[assets]',
    ...readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')
      .split('\n[assets]\n')[1]!
      .split('\n[')[0]!
      .split('\n')
      .filter((l) => /^\w+ = /.test(l))
      .map((l) => (l.startsWith('directory') ? `directory = "${WORKERS_ASSETS}"` : l)),
  ].join('\n');
}

function run(cmd: string, args: string[], opts: { input?: string } = {}): string {
  const r = spawnSync(cmd, args, { cwd: dir, env: ENV, encoding: 'utf8', timeout: 180_000, input: opts.input });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stdout}${r.stderr}`);
  return r.stdout;
}

async function json<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(`${URL_BASE}${path}`, { ...init, headers });
  return { status: res.status, body: (await res.json()) as T };
}

beforeAll(async () => {
  if (!isRoot) return;
  dir = mkdtempSync(join(tmpdir(), 'decnet-edge-'));
  composeWorkersAssets({ quiet: true });
  writeFileSync(join(dir, 'wrangler.toml'), wranglerConfig());
  const caOut = run(join(BIN, 'tsx'), [join(ROOT, 'scripts/workers-ca.ts'), '--out', join(dir, 'ca'), '--mtls-url', `https://127.0.0.1:${PORT + 1}`, '--dev-vars', join(dir, '.dev.vars')]);
  adminPassword = /admin password: (\S+)\)/.exec(caOut)![1]!;
  caSha256 = /SHA-256: ([0-9a-f]{64})/.exec(caOut)![1]!;
  run(join(BIN, 'wrangler'), ['d1', 'migrations', 'apply', 'decnet', '--local', '--config', join(dir, 'wrangler.toml'), '--persist-to', join(dir, 'state')]);
  dev = spawn(join(BIN, 'wrangler'), ['dev', '--config', join(dir, 'wrangler.toml'), '--local', '--ip', '127.0.0.1', '--port', String(PORT), '--persist-to', join(dir, 'state')], {
    cwd: dir,
    env: ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  dev.stdout!.on('data', (b: Buffer) => (devLog += b.toString()));
  dev.stderr!.on('data', (b: Buffer) => (devLog += b.toString()));
  for (let i = 0; i < 600 && !devLog.includes('Ready on'); i++) {
    if (dev.exitCode !== null) throw new Error(`wrangler dev exited: ${devLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!devLog.includes('Ready on')) throw new Error(`wrangler dev did not start: ${devLog}`);
}, 420_000);

afterAll(async () => {
  if (dev && dev.exitCode === null) {
    const exited = new Promise((r) => dev!.once('exit', r));
    dev.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!isRoot)('Workers control plane under wrangler dev (D1, static assets)', () => {
  it('serves the install script and the agent bundle from its assets, and keeps /c/ and /agent/ on the Worker', async () => {
    const script = await fetch(`${URL_BASE}/agent/v1/install.sh`);
    expect(script.status).toBe(200);
    expect(await script.text()).toBe(readFileSync(join(ROOT, 'host-agent/install.sh'), 'utf8'));
    const bundle = await fetch(`${URL_BASE}/agent/v1/agent-bundle.tar.gz`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toBe('application/gzip');
    const bytes = new Uint8Array(await bundle.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    // An unknown canary slug is the Worker's generic 404, not the dashboard's index.html.
    const canary = await fetch(`${URL_BASE}/c/not-a-token`);
    expect(canary.status).toBe(404);
    expect(await canary.text()).not.toContain('<html');
    const dashboard = await fetch(`${URL_BASE}/`);
    expect(await dashboard.text()).toContain('<html');
  });

  it('enrolls an agent with the one-line install printed by the API', async () => {
    const login = await json<{ token: string }>('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ username: 'admin', password: adminPassword }) });
    expect(login.status).toBe(200);
    const newPassword = `${adminPassword}-changed`;
    const changed = await json<{ token: string }>('/api/v1/auth/change-password', {
      method: 'POST',
      token: login.body.token,
      body: JSON.stringify({ currentPassword: adminPassword, newPassword }),
    });
    expect(changed.status).toBe(200);
    const token = changed.body.token;
    const tok = await json<{ installCommand: string; caSha256: string }>('/api/v1/hosts/enrollment-tokens', { method: 'POST', token, body: JSON.stringify({ hostName: 'edge-01' }) });
    expect(tok.status).toBe(201);
    expect(tok.body.caSha256).toBe(caSha256); // the CA `workers:ca` made is the one the Worker signs with
    expect(tok.body.installCommand).toContain(`curl -fsSL '${URL_BASE}/agent/v1/install.sh' | sudo bash -s -- `);
    expect(tok.body.installCommand).toContain(`--ca-sha256 ${tok.body.caSha256}`);

    // The printed command as is (sudo dropped: the test runs as root), plus a private --prefix.
    const prefix = join(dir, 'prefix');
    const oneLine = `${tok.body.installCommand.replace('| sudo bash', '| bash')} --prefix '${prefix}' --no-start`;
    // Asynchronous, so this process keeps serving its sockets (a blocked loop would reuse a closed keep-alive).
    const installer = spawn('bash', ['-c', oneLine], { cwd: dir, env: { ...ENV, DECNET_AGENT_SRC: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    installer.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    installer.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    const code = await new Promise<number | null>((resolve) => installer.once('exit', resolve));
    expect(code, out).toBe(0);
    expect(out).toContain(`downloading the agent bundle from ${URL_BASE}`);
    expect(existsSync(join(prefix, 'opt/decnet-agent/dist/decnet-agent.mjs'))).toBe(true);

    const hosts = await json<{ items: { name: string; status: string; certFingerprint: string | null }[] }>('/api/v1/hosts', { token });
    const host = hosts.body.items.find((h) => h.name === 'edge-01');
    expect(host?.certFingerprint).toMatch(/^[0-9a-f]{64}$/);
  });
});
