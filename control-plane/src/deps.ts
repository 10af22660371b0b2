// What createApp needs from its runtime. Built by runtime/node.ts or runtime/workers.ts.
import type { Context, MiddlewareHandler } from 'hono';
import type { AppConfig } from './config';
import type { PasswordHasher } from './crypto/password';
import type { Ca } from './pki/ca';
import type { SyncSql } from './db/native-sync';
import type { RawBatch } from './db/raw-sql';
import type { Db } from './db/types';
import type { WebhookSettings } from './services/webhooks/settings';
import type { NativeIngestJob, NativeIngestOutcome } from './services/agent/ingest-native-apply';

export interface Logger {
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
}

export interface AppDeps {
  db: Db;
  config: AppConfig;
  hasher: PasswordHasher;
  logger: Logger;
  /** Address of the client as the runtime sees it (socket peer on Node, CF-Connecting-IP on Workers). */
  clientIp(c: Context): string;
  /** Clock in epoch milliseconds; injectable for tests. */
  now(): number;
  version: string;
  /** The CA that enrolls agents and the URL where agents reach the mutual-TLS API; absent = no agents. */
  pki?: { ca: Ca; mtlsUrl: string };
  /**
   * SHA-256 (lowercase hex) of the client certificate the runtime verified against the CA for this
   * request (Node: the TLS socket; Workers: request.cf.tlsClientAuth), or null when there is none.
   */
  clientCertFingerprint(c: Context): string | null;
  /** The driver's native batch for the ingest hot path (same database as `db`). */
  rawBatch: RawBatch;
  /**
   * Node with a local libSQL file only: libSQL's native synchronous connection to the same file as
   * `db`, which ingest uses instead of `rawBatch` (prepared statements, one write transaction per batch).
   */
  syncSql?: SyncSql;
  /**
   * Node with a local libSQL file: applies a planned ingest transaction on the writer thread's own
   * native connection (runtime/node-ingest-writer.ts), so SQLite's work runs beside the event loop.
   * Ingest prefers it to `syncSql`.
   */
  ingestWriter?: (job: NativeIngestJob) => Promise<NativeIngestOutcome>;
  /**
   * Node: the security headers (http/middleware/security.ts securityHeaderList) its listeners set on
   * every raw response; createApp then leaves the security-header middleware out.
   */
  securityHeaders?: [string, string][];
  /** Most bound parameters one SQL statement may carry (libSQL 32766, D1 100). */
  sqlParamLimit: number;
  /**
   * Serves the built dashboard (tried in order for GET requests outside /api and /agent); absent on
   * Workers, where the platform serves it from wrangler's [assets].
   */
  dashboard?: MiddlewareHandler[];
  /** The agent bundle (`host-agent/scripts/bundle.mjs --tar`) for `curl | sudo bash` installs, when built. */
  agentBundle?: () => Promise<{ body: ReadableStream<Uint8Array>; size: number } | undefined>;
  /** Serves `GET /agent/v1/install.sh` when the runtime has the script. */
  installScript?: () => Promise<string | undefined>;
  /**
   * One shared poller per process feeds every live stream (Node). Absent on Workers, where a
   * request cannot wake another request's stream: each stream polls the database itself.
   */
  sharedLiveFeed?: boolean;
  /** Webhook delivery settings the runtime provides (transport, key material, private-target policy). */
  webhooks?: Partial<WebhookSettings>;
  /** Zone delegated to this control plane for DNS canary tokens (Node: DECNET_CANARY_DNS_ZONE). */
  canaryDnsZone?: string;
  /** Runs once before the first request is served (e.g. first-admin bootstrap on Workers). */
  ready?: () => Promise<void>;
}

export const consoleLogger: Logger = {
  info: (msg, meta) => console.log(JSON.stringify({ level: 'info', msg, ...meta })),
  warn: (msg, meta) => console.warn(JSON.stringify({ level: 'warn', msg, ...meta })),
  error: (msg, meta) => console.error(JSON.stringify({ level: 'error', msg, ...meta })),
};
