// The Workers build of the control plane under workerd, started through Miniflare's API for the
// benchmarks: the entry bundled by wrangler (deploy --dry-run, as `npm run build` does), a D1 database
// persisted in a temp dir with control-plane/drizzle's migrations applied in order, and the CA and
// secrets that `npm run workers:ca -- --dev-vars` writes (README, "Deploy ... to Cloudflare Workers").
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Log, LogLevel, Miniflare } from 'miniflare';
import { firstAdminToken } from '../../control-plane/src/testing/first-admin';
import { descendants } from './proc-tree';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'node_modules/.bin');
const ENV = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' };
/** The hostname agents are told to use; Cloudflare would terminate their mutual TLS there. */
export const WORKERD_MTLS_URL = 'https://agents.fleet.test';

export interface WorkerdControlPlane {
  mf: Miniflare;
  /** The entry socket Miniflare opened (plain HTTP, no client-certificate view: admin API and enrollment). */
  url: string;
  token: string;
  workerdPid: number;
  /** Rows in D1's events table, read through Miniflare's D1 binding proxy. */
  countEvents(): Promise<number>;
  /** The last warning and error lines of the runtime's output (the Worker's console). */
  logTail(): string;
  stop(): Promise<void>;
}

/** A dotenv file as scripts/workers-ca.ts writes it: KEY="value" with \n, \" and \\ escaped. */
function readDevVars(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^(\w+)="(.*)"$/.exec(line);
    if (m) out[m[1]!] = m[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return out;
}

/** `compatibility_date` and flags of the repository's wrangler.toml, so the bench runs what deploys. */
function compat(): { compatibilityDate: string; compatibilityFlags: string[] } {
  const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
  const date = /^compatibility_date = "([^"]+)"/m.exec(toml)?.[1];
  const flags = /^compatibility_flags = \[([^\]]*)\]/m.exec(toml)?.[1];
  if (!date) throw new Error('wrangler.toml has no compatibility_date');
  return { compatibilityDate: date, compatibilityFlags: [...(flags ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]!) };
}

export async function startWorkerdControlPlane(extraVars: Record<string, string> = {}): Promise<WorkerdControlPlane> {
  const dir = mkdtempSync(join(tmpdir(), 'decnet-bench-workerd-'));
  const { compatibilityDate, compatibilityFlags } = compat();
  // wrangler's own bundling of the Workers entry, without the [assets] block (no dashboard needed here).
  writeFileSync(join(dir, 'wrangler.toml'), [`name = "decnet-fleet-sim"`, `main = "${join(ROOT, 'control-plane/src/runtime/workers.ts')}"`, `compatibility_date = "${compatibilityDate}"`, `compatibility_flags = [${compatibilityFlags.map((f) => `"${f}"`).join(', ')}]`].join('\n'));
  const out = join(dir, 'bundle');
  execFileSync(join(BIN, 'wrangler'), ['deploy', '--dry-run', '--outdir', out, '--config', join(dir, 'wrangler.toml')], { cwd: dir, env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  // The CA and secrets exactly as the README has a user make them for `wrangler dev`.
  execFileSync(join(BIN, 'tsx'), [join(ROOT, 'scripts/workers-ca.ts'), '--out', join(dir, 'ca'), '--mtls-url', WORKERD_MTLS_URL, '--dev-vars', join(dir, '.dev.vars')], { cwd: dir, env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  const vars = readDevVars(join(dir, '.dev.vars'));
  let log = '';
  // Warnings and errors only: every enrollment logs an info line.
  const keep = (b: Buffer) => {
    const lines = b.toString().split('\n').filter((l) => l.trim() && !l.includes('"level":"info"'));
    if (lines.length) log = (log + lines.join('\n') + '\n').slice(-4000);
  };
  const mf = new Miniflare({
    modules: true,
    modulesRoot: out,
    scriptPath: join(out, 'workers.js'),
    compatibilityDate,
    compatibilityFlags,
    d1Databases: { DB: '00000000-0000-4000-8000-000000000000' },
    d1Persist: join(dir, 'd1'),
    bindings: { DECNET_ADMIN_USER: 'admin', ...vars, ...extraVars },
    cf: false, // the default would fetch Cloudflare's cf.json; each agent request sets its own cf
    log: new Log(LogLevel.WARN),
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      stdout.on('data', keep);
      stderr.on('data', keep);
    },
  });
  try {
    const url = (await mf.ready).origin;
    const db = await mf.getD1Database('DB');
    const migrations = join(ROOT, 'control-plane/drizzle');
    for (const f of readdirSync(migrations).filter((n) => n.endsWith('.sql')).sort()) {
      const statements = readFileSync(join(migrations, f), 'utf8').split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean);
      await db.batch(statements.map((s) => db.prepare(s)));
    }
    const workerd = descendants(process.pid).find((p) => /\/workerd\b/.test(p.cmdline.split(' ')[0] ?? ''));
    if (!workerd) throw new Error('workerd process not found among this process\'s descendants');
    const token = await firstAdminToken(url, vars.DECNET_ADMIN_PASSWORD!, `${vars.DECNET_ADMIN_PASSWORD}-bench`);
    return {
      mf,
      url,
      token,
      workerdPid: workerd.pid,
      countEvents: async () => (await db.prepare('SELECT count(*) AS n FROM events').first<{ n: number }>())?.n ?? 0,
      logTail: () => log,
      stop: async () => {
        await mf.dispose();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await mf.dispose().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${e instanceof Error ? e.message : String(e)}\nworkerd output: ${log}`, { cause: e });
  }
}
