// Node entry of the control plane: a libSQL file in a data directory (node-database.ts), native
// scrypt, the first admin, the CA, the HTTP API listener and the mutual-TLS agent listener.
// Only this file (with its runtime/node-*.ts parts) and workers.ts touch the runtime.
import type { ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Client } from '@libsql/client';
import cluster from 'node:cluster';
import { randomBytes, scrypt } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { hostname as osHostname } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lookup as dnsLookup } from 'node:dns/promises';
import { createApp } from '../app';
import { openDatabase, openNodeDatabase } from './node-database';
import { startIdleGc } from './node-idle-gc';
import { ipDatasetFromImage } from './node-ip-dataset';
import { dashboardHandlers, listen, portOf, startCanaryDns, verifiedClientCert } from './node-listeners';
import { securityHeaderList } from '../http/middleware/security';
import { parseConfig } from '../config';
import { createPasswordHasher, fromNodeScrypt } from '../crypto/password';
import { libsqlRawBatch } from '../db/raw-batch';
import { consoleLogger, type AppDeps } from '../deps';
import { createCaMaterial, loadCa, type Ca } from '../pki/ca';
import { ensureFirstAdmin, type BootstrapResult } from '../services/auth/bootstrap-admin';
import { runMaintenance } from '../services/maintenance/retention';
import { nodeWebhookSettings, startNodeWebhooks } from '../services/webhooks/node-delivery';
import { loadIpDatasetInBackground } from '../services/enrichment/backfill';
import { startPtrSchedule } from '../services/enrichment/ptr';
import { Resolver } from 'node:dns/promises';
import { createRequire } from 'node:module';
import { IDENTITY_INTERVAL_MS, startIdentitySchedule } from '../services/identities/schedule';

export const VERSION = '0.1.0';
const INSTALL_SCRIPT = fileURLToPath(new URL('../../../host-agent/install.sh', import.meta.url));
const DASHBOARD_DIR = fileURLToPath(new URL('../../../dashboard/dist', import.meta.url));
/** SQLITE_MAX_VARIABLE_NUMBER of libSQL. */
const LIBSQL_PARAM_LIMIT = 32_766;

export interface NodeOptions {
  env?: Record<string, string | undefined>;
  /** Overrides DECNET_DATA_DIR. */
  dataDir?: string;
  /** Overrides DECNET_DB_URL; `:memory:` works for tests. */
  dbUrl?: string;
  port?: number;
  host?: string;
  /** Overrides DECNET_MTLS_PORT (the agents' mutual-TLS listener); 0 picks a free port. */
  mtlsPort?: number;
}

export interface RunningControlPlane {
  url: string;
  port: number;
  deps: AppDeps;
  client: Client;
  bootstrap: BootstrapResult;
  /** https URL of the mutual-TLS agent listener. */
  mtlsUrl: string;
  mtlsPort: number;
  caCertPem: string;
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

/** The CA from DECNET_CA_CERT_PEM/DECNET_CA_KEY_PEM, or created once in the data directory. */
async function loadOrCreateCa(env: Record<string, string | undefined>, dataDir: string): Promise<Ca> {
  if (env.DECNET_CA_CERT_PEM && env.DECNET_CA_KEY_PEM) {
    return loadCa({ certPem: env.DECNET_CA_CERT_PEM, keyPem: env.DECNET_CA_KEY_PEM });
  }
  const certFile = resolve(dataDir, 'ca.crt');
  const keyFile = resolve(dataDir, 'ca.key');
  if (!existsSync(keyFile) || !existsSync(certFile)) {
    const m = await createCaMaterial();
    writeFileSync(keyFile, m.keyPem, { mode: 0o600 });
    writeFileSync(certFile, m.certPem, { mode: 0o644 });
  }
  chmodSync(keyFile, 0o600);
  return loadCa({ certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8') });
}

export async function startControlPlane(opts: NodeOptions = {}): Promise<RunningControlPlane> {
  const env = opts.env ?? process.env;
  const dataDir = resolve(opts.dataDir ?? env.DECNET_DATA_DIR ?? '.data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const config = parseConfig({ ...env, DECNET_JWT_SECRET: jwtSecret(env, dataDir) });
  const dbUrl = opts.dbUrl ?? env.DECNET_DB_URL ?? `file:${resolve(dataDir, 'control-plane.db')}`;
  const database = await openNodeDatabase(dbUrl, env, consoleLogger);
  const { client, db, syncSql, ingestWriter } = database;
  const ca = await loadOrCreateCa(env, dataDir);
  const host = opts.host ?? env.DECNET_HOST ?? '127.0.0.1';
  const mtlsHost = env.DECNET_MTLS_HOST ?? host;
  const urlHost = (h: string) => (h === '0.0.0.0' || h === '::' ? osHostname() : h.includes(':') ? `[${h}]` : h);
  const mtlsNames = env.DECNET_MTLS_HOSTNAMES?.split(',').map((s) => s.trim()).filter(Boolean) ?? [
    'localhost',
    '127.0.0.1',
    osHostname(),
    ...(mtlsHost === '0.0.0.0' || mtlsHost === '::' ? [] : [mtlsHost]),
  ];
  const pki = { ca, mtlsUrl: '' };
  const installScript = existsSync(INSTALL_SCRIPT) ? readFileSync(INSTALL_SCRIPT, 'utf8') : undefined;
  const deps: AppDeps = {
    db,
    config,
    hasher: createPasswordHasher(fromNodeScrypt(scrypt)),
    logger: consoleLogger,
    clientIp: (c) => getConnInfo(c).remote.address ?? 'unknown',
    clientCertFingerprint: (c) => verifiedClientCert((c.env as { incoming?: IncomingMessage } | undefined)?.incoming),
    sqlParamLimit: LIBSQL_PARAM_LIMIT,
    rawBatch: libsqlRawBatch(client),
    ...(syncSql ? { syncSql } : {}),
    ...(ingestWriter ? { ingestWriter: ingestWriter.apply } : {}),
    pki,
    now: () => Date.now(),
    version: VERSION,
    sharedLiveFeed: true,
    securityHeaders: await securityHeaderList(),
    ...(env.DECNET_CANARY_DNS_ZONE ? { canaryDnsZone: env.DECNET_CANARY_DNS_ZONE } : {}),
    webhooks: nodeWebhookSettings(env, (h) => dnsLookup(h, { all: true })),
    ...(installScript ? { installScript: async () => installScript } : {}),
    dashboard: dashboardHandlers(env.DECNET_DASHBOARD_DIR ?? DASHBOARD_DIR),
    agentBundle: async () => {
      const file = env.DECNET_AGENT_BUNDLE ?? resolve(dataDir, 'agent-bundle.tar.gz');
      if (!existsSync(file)) return undefined;
      return { body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, size: statSync(file).size };
    },
  };
  const bootstrap = await ensureFirstAdmin(deps);
  const app = createApp(deps);
  const server = await listen(app, opts.port ?? Number(env.DECNET_PORT ?? 8080), host, deps.securityHeaders!);
  const serverCert = await ca.issueServerCert([...new Set(mtlsNames)]);
  const mtlsServer = await listen(app, opts.mtlsPort ?? Number(env.DECNET_MTLS_PORT ?? 8443), mtlsHost, deps.securityHeaders!, {
    key: serverCert.keyPem,
    cert: serverCert.certPem,
    ca: [ca.certPem],
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
  });
  const port = portOf(server, 0);
  const mtlsPort = portOf(mtlsServer, 0);
  pki.mtlsUrl = env.DECNET_MTLS_URL ?? `https://${urlHost(config.publicUrl ? new URL(config.publicUrl).hostname : mtlsHost)}:${mtlsPort}`;
  const maintenance = setInterval(() => {
    runMaintenance(deps).catch((e) => deps.logger.error('maintenance failed', { error: String(e) }));
  }, config.retention.intervalMs);
  maintenance.unref();
  // Offline enrichment dataset (its image opened, or written first, in the background from start, then backfilled) and PTR names off the ingest path.
  void loadIpDatasetInBackground(deps, async () => (await ipDatasetFromImage(dataDir, (spec) => createRequire(import.meta.url).resolve(spec))).dataset);
  const stopPtr = env.DECNET_PTR_LOOKUPS === '0' ? () => {} : startPtrSchedule(deps, { reverse: (ip) => new Resolver({ timeout: 2000, tries: 1 }).reverse(ip) });
  const webhooks = startNodeWebhooks(deps, env);
  const idleGc = env.DECNET_IDLE_GC === '0' ? undefined : startIdleGc({ ...(database.releaseMemory ? { release: database.releaseMemory } : {}) });
  const stopIdentities = startIdentitySchedule(deps, Number(env.DECNET_IDENTITY_INTERVAL_MS ?? IDENTITY_INTERVAL_MS));
  const canaryDns = env.DECNET_CANARY_DNS_ZONE ? await startCanaryDns(deps, env.DECNET_CANARY_DNS_ZONE, env) : undefined;
  const stop = (s: ServerType) =>
    new Promise<void>((ok) => {
      s.close(() => ok());
      (s as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    mtlsUrl: pki.mtlsUrl,
    mtlsPort,
    caCertPem: ca.certPem,
    deps,
    client,
    bootstrap,
    close: async () => {
      clearInterval(maintenance);
      idleGc?.stop();
      stopPtr();
      stopIdentities();
      canaryDns?.close();
      await webhooks.stop();
      await Promise.all([stop(server), stop(mtlsServer)]);
      await database.close();
    },
  };
}

/**
 * Once per data directory, before workers start: JWT secret, CA, migrations and the first admin, so
 * that several worker processes can then start at once without racing to create them.
 */
async function prepareShared(env: Record<string, string | undefined>): Promise<BootstrapResult> {
  const dataDir = resolve(env.DECNET_DATA_DIR ?? '.data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const config = parseConfig({ ...env, DECNET_JWT_SECRET: jwtSecret(env, dataDir) });
  await loadOrCreateCa(env, dataDir);
  const { client, db } = await openDatabase(env.DECNET_DB_URL ?? `file:${resolve(dataDir, 'control-plane.db')}`);
  try {
    const deps = { db, config, hasher: createPasswordHasher(fromNodeScrypt(scrypt)), now: () => Date.now() } as unknown as AppDeps;
    return await ensureFirstAdmin(deps);
  } finally {
    client.close();
  }
}

function printBootstrap(b: BootstrapResult): void {
  if (b.generatedPassword) {
    console.log(`First admin created. Log in once as '${b.username}' with password '${b.generatedPassword}' (shown only now); you must change it at first login.`);
  }
}

/** DECNET_WORKERS > 1: the stateless control plane as a cluster of processes sharing its ports. */
async function runCluster(workers: number): Promise<void> {
  printBootstrap(await prepareShared(process.env));
  let stopping = false;
  let listening = 0;
  cluster.on('listening', () => {
    // Two listeners per worker (API and mutual TLS).
    if (++listening === workers * 2) console.log(`DECNET-TS control plane ${VERSION} listening on port ${process.env.DECNET_PORT ?? 8080} with ${workers} workers`);
  });
  cluster.on('exit', (w, code, signal) => {
    if (stopping) return;
    console.error(`worker ${w.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(() => cluster.fork(), 1000);
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    setTimeout(() => process.exit(0), 3000).unref();
    cluster.on('exit', () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main(): Promise<void> {
  const workers = Number(process.env.DECNET_WORKERS ?? 1);
  if (cluster.isPrimary && Number.isInteger(workers) && workers > 1) return runCluster(Math.min(workers, 64));
  const cp = await startControlPlane();
  console.log(`DECNET-TS control plane ${VERSION} listening on ${cp.url} (agents: ${cp.mtlsUrl})`);
  if (cluster.isPrimary) printBootstrap(cp.bootstrap);
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
