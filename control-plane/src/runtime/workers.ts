// Workers entry of the control plane: libSQL over HTTP (LIBSQL_URL/LIBSQL_AUTH_TOKEN) or a D1
// binding named DB; secrets come from bindings. One app per isolate; the first admin is created
// lazily on the first request. scrypt is workerd's native node:crypto (nodejs_compat flag).
import { createClient } from '@libsql/client/web';
import { scrypt } from 'node:crypto';
import { drizzle as drizzleD1 } from 'drizzle-orm/d1';
import { drizzle as drizzleLibsql } from 'drizzle-orm/libsql/web';
import { createApp, type App } from '../app';
import { parseConfig } from '../config';
import { createPasswordHasher, fromNodeScrypt } from '../crypto/password';
import { d1RawBatch, libsqlRawBatch } from '../db/raw-batch';
import type { RawBatch } from '../db/raw-sql';
import * as schema from '../db/schema';
import type { Db } from '../db/types';
import { consoleLogger, type AppDeps } from '../deps';
import { loadCa } from '../pki/ca';
import { ensureFirstAdmin } from '../services/auth/bootstrap-admin';
import { runMaintenance } from '../services/maintenance/retention';
import { runIdentities } from '../services/identities/run';
import { runGeoBackfill } from '../services/enrichment/geo-backfill';
import { runWorkersWebhooks, WEBHOOK_CRON, workersWebhookSettings } from '../services/webhooks/workers-delivery';

type D1Binding = Parameters<typeof drizzleD1>[0];

/** wrangler.toml [assets] binding: the dashboard and /_agent/ (install.sh, agent bundle). */
interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}

export interface WorkerEnv {
  DB?: D1Binding;
  ASSETS?: AssetsBinding;
  LIBSQL_URL?: string;
  LIBSQL_AUTH_TOKEN?: string;
  [key: string]: unknown;
}

const VERSION = '0.1.0';
let cached: Promise<{ app: App; deps: AppDeps }> | undefined;

function openDb(env: WorkerEnv): { db: Db; rawBatch: RawBatch } {
  if (env.DB) return { db: drizzleD1(env.DB, { schema }), rawBatch: d1RawBatch(env.DB as never) };
  if (env.LIBSQL_URL) {
    const client = createClient({ url: env.LIBSQL_URL, authToken: env.LIBSQL_AUTH_TOKEN });
    return { db: drizzleLibsql(client, { schema }), rawBatch: libsqlRawBatch(client) };
  }
  throw new Error('No database configured: bind a D1 database as DB or set LIBSQL_URL');
}

/**
 * A file under /_agent/ of the static assets, or undefined when absent: the single-page fallback
 * answers unknown paths with the dashboard's index.html, which is never an install file.
 */
async function agentAsset(env: WorkerEnv, name: string): Promise<Response | undefined> {
  if (!env.ASSETS) return undefined;
  const res = await env.ASSETS.fetch(new Request(`https://assets.invalid/_agent/${name}`));
  if (!res.ok || (res.headers.get('content-type') ?? '').includes('text/html')) {
    await res.body?.cancel();
    return undefined;
  }
  return res;
}

/** Cloudflare's view of the client certificate (API Shield mTLS), as on request.cf.tlsClientAuth. */
interface TlsClientAuth {
  certPresented?: string;
  certVerified?: string;
  certRevoked?: string;
  certIssuerDN?: string;
  certFingerprintSHA256?: string;
}

/** Only a certificate Cloudflare verified, not revoked, issued by our CA's subject counts. */
function clientCertFingerprint(request: Request, caIssuerDn: string | undefined): string | null {
  const auth = (request as { cf?: { tlsClientAuth?: TlsClientAuth } }).cf?.tlsClientAuth;
  if (!auth || auth.certPresented !== '1' || auth.certVerified !== 'SUCCESS' || auth.certRevoked === '1') return null;
  if (!caIssuerDn || !auth.certIssuerDN) return null;
  const norm = (dn: string) => dn.split(/\s*,\s*/).sort().join(',').toLowerCase();
  if (norm(auth.certIssuerDN) !== norm(caIssuerDn)) return null;
  return auth.certFingerprintSHA256?.toLowerCase() ?? null;
}

async function build(env: WorkerEnv): Promise<{ app: App; deps: AppDeps }> {
  const strings = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const ca =
    strings.DECNET_CA_CERT_PEM && strings.DECNET_CA_KEY_PEM
      ? await loadCa({ certPem: strings.DECNET_CA_CERT_PEM, keyPem: strings.DECNET_CA_KEY_PEM })
      : undefined;
  const { db, rawBatch } = openDb(env);
  // Agents accept only an https mTLS URL: without one, enrollment stays off (and says why).
  const mtlsUrl = /^https:\/\/[^/]/.test(strings.DECNET_MTLS_URL ?? '') ? strings.DECNET_MTLS_URL : undefined;
  if (strings.DECNET_MTLS_URL && !mtlsUrl) consoleLogger.error('DECNET_MTLS_URL must be an https:// URL; agent enrollment is off');
  const deps: AppDeps = {
    db,
    rawBatch,
    config: parseConfig(strings),
    hasher: createPasswordHasher(fromNodeScrypt(scrypt)),
    logger: consoleLogger,
    clientIp: (c) => c.req.header('cf-connecting-ip') ?? 'unknown',
    clientCertFingerprint: (c) => clientCertFingerprint(c.req.raw, ca?.subject),
    sqlParamLimit: env.DB ? 100 : 32_766,
    ...(ca && mtlsUrl ? { pki: { ca, mtlsUrl } } : {}),
    now: () => Date.now(),
    version: VERSION,
    webhooks: workersWebhookSettings(strings),
    installScript: async () => (await agentAsset(env, 'install.sh'))?.text(),
    agentBundle: async () => {
      const res = await agentAsset(env, 'agent-bundle.tar.gz');
      if (!res?.body) return undefined;
      const size = Number(res.headers.get('content-length'));
      if (size > 0) return { body: res.body, size };
      const bytes = new Uint8Array(await res.arrayBuffer()); // no length header: measure it
      return { body: new Blob([bytes]).stream(), size: bytes.byteLength };
    },
    ready: async () => {
      const res = await ensureFirstAdmin(deps);
      if (res.generatedPassword) {
        consoleLogger.warn('first admin created with a generated password; set DECNET_ADMIN_PASSWORD to choose it', {
          username: res.username,
          password: res.generatedPassword,
        });
      }
    },
  };
  return { app: createApp(deps), deps };
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: unknown): Promise<Response> {
    let app: App;
    try {
      app = (await (cached ??= build(env))).app;
    } catch (e) {
      cached = undefined;
      consoleLogger.error('control plane misconfigured', { error: String(e) });
      return Response.json({ error: { code: 'internal', message: 'Control plane is misconfigured' } }, { status: 500 });
    }
    return app.fetch(request, env, ctx as never);
  },
  /** Cron trigger (wrangler.toml [triggers]): retention and housekeeping. */
  async scheduled(controller: { cron?: string }, env: WorkerEnv, ctx: { waitUntil(p: Promise<unknown>): void }): Promise<void> {
    const { deps } = await (cached ??= build(env));
    // Every minute: webhook delivery only; the other schedule runs housekeeping.
    if (controller.cron === WEBHOOK_CRON) return ctx.waitUntil(runWorkersWebhooks(deps));
    ctx.waitUntil(runMaintenance(deps));
    // Addresses stored before the D1 range tables were loaded get their country/ASN, then clustering.
    ctx.waitUntil(runGeoBackfill(deps).then(() => runIdentities(deps)));
  },
};
