// Node entry of the control plane: a libSQL file in a data directory (migrated at start), native
// scrypt, the first admin, and @hono/node-server. Only this file and workers.ts touch the runtime.
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { randomBytes, scrypt } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createApp } from '../app';
import { parseConfig } from '../config';
import { createPasswordHasher, fromNodeScrypt } from '../crypto/password';
import * as schema from '../db/schema';
import type { Db } from '../db/types';
import { consoleLogger, type AppDeps } from '../deps';
import { ensureFirstAdmin, type BootstrapResult } from '../services/auth/bootstrap-admin';

export const VERSION = '0.1.0';
const MIGRATIONS_DIR = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface NodeOptions {
  env?: Record<string, string | undefined>;
  /** Overrides DECNET_DATA_DIR. */
  dataDir?: string;
  /** Overrides DECNET_DB_URL; `:memory:` works for tests. */
  dbUrl?: string;
  port?: number;
  host?: string;
}

export interface RunningControlPlane {
  url: string;
  port: number;
  deps: AppDeps;
  client: Client;
  bootstrap: BootstrapResult;
  close(): Promise<void>;
}

/** Reads DECNET_JWT_SECRET or a secret generated once into the data directory (mode 0600). */
function jwtSecret(env: Record<string, string | undefined>, dataDir: string): string {
  if (env.DECNET_JWT_SECRET) return env.DECNET_JWT_SECRET;
  const file = resolve(dataDir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}

export async function openDatabase(url: string): Promise<{ client: Client; db: Db }> {
  const client = createClient({ url });
  if (url.startsWith('file:')) {
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA busy_timeout = 5000');
    await client.execute('PRAGMA synchronous = NORMAL');
  }
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return { client, db };
}

export async function startControlPlane(opts: NodeOptions = {}): Promise<RunningControlPlane> {
  const env = opts.env ?? process.env;
  const dataDir = resolve(opts.dataDir ?? env.DECNET_DATA_DIR ?? '.data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const config = parseConfig({ ...env, DECNET_JWT_SECRET: jwtSecret(env, dataDir) });
  const { client, db } = await openDatabase(opts.dbUrl ?? env.DECNET_DB_URL ?? `file:${resolve(dataDir, 'control-plane.db')}`);
  const deps: AppDeps = {
    db,
    config,
    hasher: createPasswordHasher(fromNodeScrypt(scrypt)),
    logger: consoleLogger,
    clientIp: (c) => getConnInfo(c).remote.address ?? 'unknown',
    now: () => Date.now(),
    version: VERSION,
  };
  const bootstrap = await ensureFirstAdmin(deps);
  const app = createApp(deps);
  const host = opts.host ?? env.DECNET_HOST ?? '127.0.0.1';
  const wanted = opts.port ?? Number(env.DECNET_PORT ?? 8080);
  const server: ServerType = await new Promise((ok, fail) => {
    const s = serve({ fetch: app.fetch, port: wanted, hostname: host }, () => ok(s));
    s.once('error', fail);
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : wanted;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    deps,
    client,
    bootstrap,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => {
          client.close();
          ok();
        });
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

async function main(): Promise<void> {
  const cp = await startControlPlane();
  console.log(`DECNET-TS control plane ${VERSION} listening on ${cp.url}`);
  if (cp.bootstrap.generatedPassword) {
    console.log(
      `First admin created. Log in once as '${cp.bootstrap.username}' with password ` +
        `'${cp.bootstrap.generatedPassword}' (shown only now); you must change it at first login.`,
    );
  }
  const stop = () => void cp.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
