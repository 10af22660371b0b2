// Cross-package harness for the agent tests: a real control plane in its own process (libSQL file,
// real CA, mutual-TLS listener) that can be stopped and restarted on the same ports and data, admin
// calls, direct reads of its database, and the agent as an in-process object or a child process.
import { createClient, type Client } from '@libsql/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomEventId, type ServiceEvent } from '@decnet/protocol';
import { saveConfig, type AgentConfig, type AgentConfigInput } from '@decnet/host-agent';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const AGENT_BIN = join(ROOT, 'host-agent/bin/decnet-agent.mjs');
const ADMIN_PASSWORD = 'agent-e2e-admin-password-1';
const ADMIN_PASSWORD_2 = 'agent-e2e-admin-password-2';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `decnet-${prefix}-`));
}

export async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** A control plane process on fixed ports and a data directory that survive restarts. */
export class ControlPlane {
  proc: ChildProcess | undefined;
  token = '';
  mtlsUrl = '';
  private passwordChanged = false;

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    readonly mtlsPort: number,
    private readonly extraEnv: Record<string, string> = {},
  ) {}

  /** `extraEnv` e.g. `{ DECNET_WORKERS: '2' }` for a cluster of control-plane processes. */
  static async start(extraEnv: Record<string, string> = {}): Promise<ControlPlane> {
    const cp = new ControlPlane(tempDir('cp'), await freePort(), await freePort(), extraEnv);
    await cp.up();
    return cp;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'control-plane/src/runtime/node.ts')], {
      env: { ...process.env, DECNET_DATA_DIR: this.dataDir, DECNET_PORT: String(this.port), DECNET_MTLS_PORT: String(this.mtlsPort), DECNET_ADMIN_PASSWORD: ADMIN_PASSWORD, ...this.extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    proc.stderr!.on('data', () => {}); // its request log; not ours to assert on
    await new Promise<void>((ok, fail) => {
      proc.once('exit', (code) => fail(new Error(`control plane exited early (${code})`)));
      let out = '';
      proc.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /agents: (https:\/\/\S+?)\)/.exec(out);
        if (m) {
          this.mtlsUrl = m[1]!;
          ok();
        }
      });
    });
    this.token = await this.login();
  }

  async down(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (!p || p.exitCode !== null) return;
    p.kill('SIGKILL'); // an outage, not a shutdown
    await new Promise((ok) => p.once('exit', ok));
  }

  private async login(): Promise<string> {
    if (!this.passwordChanged) {
      const first = await this.api<{ token: string }>('POST', '/api/v1/auth/login', { username: 'admin', password: ADMIN_PASSWORD }, '');
      const changed = await this.api<{ token: string }>('POST', '/api/v1/auth/change-password', { currentPassword: ADMIN_PASSWORD, newPassword: ADMIN_PASSWORD_2 }, first.token);
      this.passwordChanged = true;
      return changed.token;
    }
    return (await this.api<{ token: string }>('POST', '/api/v1/auth/login', { username: 'admin', password: ADMIN_PASSWORD_2 }, '')).token;
  }

  async api<T>(method: string, path: string, body?: unknown, token = this.token): Promise<T> {
    const res = await fetch(this.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  enrollmentToken(hostName: string) {
    return this.api<{ token: string; expiresAt: string; installCommand: string; caSha256: string }>('POST', '/api/v1/hosts/enrollment-tokens', { hostName });
  }

  db(): Client {
    return createClient({ url: `file:${join(this.dataDir, 'control-plane.db')}` });
  }

  async eventCounts(hostId?: string): Promise<{ total: number; distinct: number }> {
    const db = this.db();
    try {
      const where = hostId ? 'WHERE host_id = ?' : '';
      const r = await db.execute({ sql: `SELECT count(*) AS n, count(DISTINCT id) AS d FROM events ${where}`, args: hostId ? [hostId] : [] });
      return { total: Number(r.rows[0]!.n), distinct: Number(r.rows[0]!.d) };
    } finally {
      db.close();
    }
  }

  async stop(): Promise<void> {
    await this.down();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Writes an agent config into a fresh directory (fast timers for tests) and returns its path. */
export function agentConfig(dir: string, extra: Partial<AgentConfigInput> = {}): { path: string; config: AgentConfig } {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'agent.json');
  const config = saveConfig(path, {
    version: 1,
    dataDir: join(dir, 'data'),
    bus: { tcpPort: 0 },
    statusIntervalMs: 200,
    heartbeatIntervalMs: 2000,
    backoffMaxMs: 2000,
    identityRetryMs: 1000,
    desiredStateWaitS: 2,
    ...extra,
  });
  return { path, config };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((ok) => {
    const p = spawn(process.execPath, [AGENT_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.once('exit', (code) => ok({ code: code ?? -1, out, err }));
  });
}

/** `decnet-agent run` as a child process (real signals, real SIGKILL). */
export async function spawnAgent(configPath: string, extraArgs: string[] = []): Promise<{ proc: ChildProcess; log: () => string }> {
  const proc = spawn(process.execPath, [AGENT_BIN, 'run', '--config', configPath, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  await new Promise<void>((ok, fail) => {
    const t = setInterval(() => {
      if (log.includes('decnet-agent running')) {
        clearInterval(t);
        ok();
      }
    }, 20);
    proc.once('exit', (code) => {
      clearInterval(t);
      fail(new Error(`agent exited early (${code}): ${log}`));
    });
  });
  return { proc, log: () => log };
}

export function killed(proc: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((ok) => proc.once('exit', () => ok()));
  proc.kill(signal);
  return exited;
}

/** A schema-valid service event with a unique id. */
export function serviceEvent(n: number, decky = 'web-01'): ServiceEvent {
  const ts = new Date().toISOString();
  return {
    id: randomEventId(),
    ts,
    decky,
    service: 'ssh',
    eventType: 'auth_attempt',
    srcIp: `10.0.${(n >> 8) & 255}.${n & 255}`,
    srcPort: 40000 + (n % 20000),
    fields: { principal: 'root', secret_kind: 'password', secret_printable: `pw${n}`, outcome: 'failure' },
    raw: `<134>1 ${ts} ${decky} ssh - auth_attempt [relay@55555 principal="root" n="${n}"] login`,
  };
}
